//! `cancelAndWait`: what a finished operation's state means, and when to look again. Pure.
//!
//! google/longrunning/operations.proto: cancellation is best effort. A cancelled operation is
//! not deleted; it ends `done` with `error.code == 1` (`CANCELLED`). It may also finish anyway
//! (a `response`, or `done` with no result at all, which some services send), or fail.

use crate::code::Code;
use crate::operation::Operation;
#[cfg(test)]
use crate::operation::OperationResult;

/// How a `cancelAndWait` ended; JS sees the lower-case names. The discriminants are the numbers
/// of [`Outcome::number`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Done with `error.code == CANCELLED`.
    Cancelled = 1,
    /// Done with a response, or done with no result: the work finished despite the cancel.
    Completed = 2,
    /// Done with an error other than `CANCELLED`.
    Failed = 3,
    /// Still not done when `maxWaitMs` ran out.
    Timeout = 4,
}

impl Outcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Cancelled => "cancelled",
            Outcome::Completed => "completed",
            Outcome::Failed => "failed",
            Outcome::Timeout => "timeout",
        }
    }

    /// The outcome of a finished operation; `None` while it is still running.
    pub fn of(op: &Operation) -> Option<Outcome> {
        Outcome::from_state(op.done, op.error().map(|e| e.code))
    }

    /// The outcome of an operation that is `done` or not and carries an error with `error`
    /// code or not (a response, or nothing, counts as completed); `None` while it is running.
    pub fn from_state(done: bool, error: Option<Code>) -> Option<Outcome> {
        if !done {
            return None;
        }
        Some(match error {
            Some(Code::Cancelled) => Outcome::Cancelled,
            Some(_) => Outcome::Failed,
            None => Outcome::Completed,
        })
    }

    /// The number the JS edge uses: 0 running, 1 cancelled, 2 completed, 3 failed, 4 timeout.
    pub fn number(outcome: Option<Outcome>) -> u8 {
        outcome.map_or(0, |o| o as u8)
    }
}

/// The poll schedule: the first look after `initial_ms`, each next one `multiplier` times later,
/// never more than `max_ms` apart (defaults 1 s, ×1.5, 30 s).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PollSchedule {
    pub initial_ms: f64,
    pub multiplier: f64,
    pub max_ms: f64,
}

impl Default for PollSchedule {
    fn default() -> Self {
        PollSchedule { initial_ms: 1000.0, multiplier: 1.5, max_ms: 30_000.0 }
    }
}

impl PollSchedule {
    /// The wait before poll number `n` (1-based).
    /// Always inlined: at the JS edge the default multiplier and cap are constants (23 B gzip).
    #[inline(always)]
    pub fn delay_ms(&self, n: u32) -> f64 {
        crate::retry::exponential(self.initial_ms, self.multiplier, self.max_ms, n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::Json;
    use crate::prelude::*;
    use crate::status::Status;

    fn op(done: bool, result: Option<OperationResult>) -> Operation {
        Operation { name: "operations/x".into(), metadata: None, done, result }
    }

    #[test]
    fn outcomes() {
        assert_eq!(Outcome::of(&op(false, None)), None);
        // A running operation that already carries a result is still running until `done`.
        assert_eq!(Outcome::of(&op(false, Some(OperationResult::Response(Json::Null)))), None);
        assert_eq!(Outcome::of(&op(true, None)), Some(Outcome::Completed));
        assert_eq!(
            Outcome::of(&op(true, Some(OperationResult::Response(Json::Object(vec![]))))),
            Some(Outcome::Completed)
        );
        let cancelled = Status::new(Code::Cancelled, "Operation was cancelled.");
        assert_eq!(Outcome::of(&op(true, Some(OperationResult::Error(cancelled)))), Some(Outcome::Cancelled));
        let failed = Status::new(Code::Internal, "boom");
        assert_eq!(Outcome::of(&op(true, Some(OperationResult::Error(failed)))), Some(Outcome::Failed));
        assert_eq!(Outcome::Timeout.as_str(), "timeout");
    }

    #[test]
    fn numbers_for_js() {
        let numbered = [
            (None, 0),
            (Some(Outcome::Cancelled), 1),
            (Some(Outcome::Completed), 2),
            (Some(Outcome::Failed), 3),
            (Some(Outcome::Timeout), 4),
        ];
        for (outcome, n) in numbered {
            assert_eq!(Outcome::number(outcome), n, "{outcome:?}");
        }
    }

    #[test]
    fn schedule_grows_by_half_and_caps() {
        let s = PollSchedule::default();
        let d: Vec<f64> = (1..=4).map(|n| s.delay_ms(n)).collect();
        assert_eq!(d, vec![1000.0, 1500.0, 2250.0, 3375.0]);
        assert_eq!(s.delay_ms(20), 30_000.0);
        assert_eq!(s.delay_ms(u32::MAX), 30_000.0);
    }
}
