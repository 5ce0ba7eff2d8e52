//! When and how long to wait before trying a call again. Pure: the caller supplies the clock's
//! reading and the random number, so the schedule is tested natively and deterministically.
//!
//! Policy (AIP-194, "Automatic retry configuration"): only `UNAVAILABLE` (HTTP 503 and network
//! failures) and `RESOURCE_EXHAUSTED` (HTTP 429) are retried; never another 4xx, never a
//! redirect. Delays grow exponentially with *full jitter* (a uniform draw in `[0, cap]`), and a
//! server's own hint, `google.rpc.RetryInfo.retry_delay` or an HTTP `Retry-After` header, wins
//! over the computed delay. No retry is scheduled past the caller's deadline.

use crate::code::Code;

/// `retry` option of `cancelOperation` and friends.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RetryPolicy {
    /// Attempts in all, the first included; 1 means no retry.
    pub max_attempts: u32,
    pub initial_delay_ms: f64,
    pub max_delay_ms: f64,
    pub multiplier: f64,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy { max_attempts: 5, initial_delay_ms: 250.0, max_delay_ms: 32_000.0, multiplier: 2.0 }
    }
}

impl RetryPolicy {
    /// `retry: false`.
    pub const NONE: RetryPolicy =
        RetryPolicy { max_attempts: 1, initial_delay_ms: 0.0, max_delay_ms: 0.0, multiplier: 1.0 };

    /// Whether a failure with `code` may be tried again at all.
    pub fn retries(code: Code) -> bool {
        matches!(code, Code::Unavailable | Code::ResourceExhausted)
    }

    /// The upper bound of the jittered delay after the `attempt`-th failure (1-based):
    /// `min(max_delay, initial × multiplier^(attempt-1))`.
    pub fn cap_ms(&self, attempt: u32) -> f64 {
        exponential(self.initial_delay_ms, self.multiplier, self.max_delay_ms, attempt)
    }

    /// What to do after the `attempt`-th failure (1-based) with `code`.
    ///
    /// `random` is a uniform draw in `[0, 1)`; `hint_ms` the server's RetryInfo or Retry-After;
    /// `remaining_ms` the time left before the caller's deadline (`None`: no deadline).
    ///
    /// Always inlined: the `lro_retry` edge then builds no [`Next`] to take apart (62 B gzip).
    #[inline(always)]
    pub fn next(&self, attempt: u32, code: Code, random: f64, hint_ms: Option<f64>, remaining_ms: Option<f64>) -> Next {
        if !Self::retries(code) {
            return Next::GiveUp(GiveUp::NotRetryable);
        }
        if attempt >= self.max_attempts {
            return Next::GiveUp(GiveUp::AttemptsExhausted);
        }
        let delay = match hint_ms {
            Some(hint) if hint.is_finite() && hint >= 0.0 => hint,
            _ => floor(random.clamp(0.0, 1.0) * self.cap_ms(attempt)),
        };
        match remaining_ms {
            Some(left) if delay >= left => Next::GiveUp(GiveUp::Deadline { delay_ms: delay }),
            _ => Next::RetryAfter(delay),
        }
    }
}

/// The decision after a failed attempt.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Next {
    /// Wait this many milliseconds, then try again.
    RetryAfter(f64),
    GiveUp(GiveUp),
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum GiveUp {
    NotRetryable,
    AttemptsExhausted,
    /// The next attempt would start after the deadline.
    Deadline {
        delay_ms: f64,
    },
}

/// `min(max, initial × multiplier^(n-1))` for the `n`-th step (1-based), never negative, and
/// `max` where the growth overflows: the one exponential schedule that both retries and
/// `cancelAndWait`'s polls follow.
pub fn exponential(initial: f64, multiplier: f64, max: f64, n: u32) -> f64 {
    let grown = initial * power(multiplier, n.saturating_sub(1));
    if grown.is_finite() {
        grown.min(max).max(0.0)
    } else {
        max.max(0.0)
    }
}

/// `base^exp` by squaring (at most 32 steps; `f64::powi` needs std).
fn power(base: f64, exp: u32) -> f64 {
    let (mut result, mut b, mut e) = (1.0, base, exp);
    while e > 0 {
        if e & 1 == 1 {
            result *= b;
        }
        b *= b;
        e >>= 1;
    }
    result
}

/// `x` rounded down, for the non-negative delays here (`f64::floor` needs std): below 2^53 the
/// cast truncates exactly; above, `x` has no fraction.
fn floor(x: f64) -> f64 {
    if (0.0..9_007_199_254_740_992.0).contains(&x) {
        (x as u64) as f64
    } else {
        x
    }
}

/// An HTTP `Retry-After` header in delta-seconds form (RFC 9110 §10.2.3) → milliseconds.
/// The HTTP-date form is not honoured (a client clock cannot be trusted against the server's).
/// Always inlined into its one caller, as binaryen no longer does (18 B gzip).
#[inline(always)]
pub fn parse_retry_after(value: &str) -> Option<f64> {
    let v = value.trim();
    if v.is_empty() || v.len() > 9 {
        return None;
    }
    // At most 9 digits: the sum stays far below 2^53, so every step is exact.
    let mut n = 0.0;
    for b in v.bytes() {
        if !b.is_ascii_digit() {
            return None;
        }
        n = n * 10.0 + f64::from(b.wrapping_sub(b'0'));
    }
    Some(n * 1000.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_unavailable_and_resource_exhausted_retry() {
        for code in crate::code::ALL {
            let expected = matches!(code, Code::Unavailable | Code::ResourceExhausted);
            assert_eq!(RetryPolicy::retries(code), expected, "{code}");
        }
        let p = RetryPolicy::default();
        assert_eq!(p.next(1, Code::InvalidArgument, 0.5, None, None), Next::GiveUp(GiveUp::NotRetryable));
        assert_eq!(p.next(1, Code::Unknown, 0.5, Some(10.0), None), Next::GiveUp(GiveUp::NotRetryable));
    }

    #[test]
    fn exponential_cap_with_full_jitter() {
        let p = RetryPolicy { max_attempts: 10, initial_delay_ms: 100.0, max_delay_ms: 1000.0, multiplier: 2.0 };
        assert_eq!(p.cap_ms(1), 100.0);
        assert_eq!(p.cap_ms(2), 200.0);
        assert_eq!(p.cap_ms(4), 800.0);
        assert_eq!(p.cap_ms(5), 1000.0);
        assert_eq!(p.cap_ms(u32::MAX), 1000.0);
        assert_eq!(p.next(3, Code::Unavailable, 0.0, None, None), Next::RetryAfter(0.0));
        assert_eq!(p.next(3, Code::Unavailable, 0.5, None, None), Next::RetryAfter(200.0));
        assert_eq!(p.next(3, Code::Unavailable, 0.999, None, None), Next::RetryAfter(399.0));
    }

    #[test]
    fn server_hint_wins_and_deadline_bounds() {
        let p = RetryPolicy::default();
        assert_eq!(p.next(1, Code::ResourceExhausted, 0.9, Some(1500.0), None), Next::RetryAfter(1500.0));
        assert_eq!(
            p.next(1, Code::ResourceExhausted, 0.9, Some(1500.0), Some(1000.0)),
            Next::GiveUp(GiveUp::Deadline { delay_ms: 1500.0 })
        );
        assert_eq!(p.next(1, Code::Unavailable, 0.0, Some(f64::NAN), Some(10.0)), Next::RetryAfter(0.0));
    }

    #[test]
    fn attempts_are_counted() {
        let p = RetryPolicy { max_attempts: 3, ..RetryPolicy::default() };
        assert!(matches!(p.next(2, Code::Unavailable, 0.1, None, None), Next::RetryAfter(_)));
        assert_eq!(p.next(3, Code::Unavailable, 0.1, None, None), Next::GiveUp(GiveUp::AttemptsExhausted));
        assert_eq!(
            RetryPolicy::NONE.next(1, Code::Unavailable, 0.1, None, None),
            Next::GiveUp(GiveUp::AttemptsExhausted)
        );
    }

    #[test]
    fn retry_after_delta_seconds() {
        assert_eq!(parse_retry_after("1"), Some(1000.0));
        assert_eq!(parse_retry_after(" 120 "), Some(120_000.0));
        assert_eq!(parse_retry_after("0"), Some(0.0));
        assert_eq!(parse_retry_after("-1"), None);
        assert_eq!(parse_retry_after("1.5"), None);
        assert_eq!(parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT"), None);
        assert_eq!(parse_retry_after("99999999999999"), None);
        assert_eq!(parse_retry_after(""), None);
    }
}
