//! The wasm module's memory allocator: one free list per power-of-two size class over memory
//! taken from `memory.grow`. It replaces std's dlmalloc, which was 8.2 KB of the module's code
//! for generality this library does not use: its allocations are short-lived strings and
//! tapes of a few sizes, reused call after call, in one thread.
//!
//! Contract: a block of class `k` is `2^k` bytes (at least 16), aligned to `min(2^k, 64)`;
//! alignments above 64 are refused (null, which Rust turns into an allocation-failure abort;
//! nothing in this crate or its dependencies asks for one). A freed block goes back to its
//! class's list and is handed out again before any new memory is taken, so memory stops growing
//! once a workload's largest set of live blocks has been seen (the browser tests call 10,000
//! times and check). Memory is never returned to the platform, which wasm cannot do anyway.
//!
//! The bookkeeping is [`Classes`], plain address arithmetic tested natively; only [`Heap`]
//! touches memory.

/// The largest alignment a block has.
const MAX_ALIGN: usize = 64;
/// Classes 4 (16 B) to 31 (2 GiB).
const CLASSES: usize = 32;
const MIN_CLASS: u32 = 4;

/// The size class of a request: the smallest `k` with `2^k >= max(size, align, 16)`.
#[cfg(test)]
pub fn class_of(size: usize, align: usize) -> Option<u32> {
    let k = class(size, align);
    (k < CLASSES).then_some(k as u32)
}

/// The size class of a request, the smallest `k` with `2^k >= max(size, align, 16)`, as an index
/// into the free lists: `CLASSES` or more when refused (an alignment above 64, or a class past
/// the last), so that the lists' `get` does the refusing. One copy for `alloc`, `dealloc` and
/// `realloc`'s two calls rather than one in each (no slower in the decode benches).
#[inline(never)]
fn class(size: usize, align: usize) -> usize {
    if align > MAX_ALIGN {
        return CLASSES;
    }
    // `n - 1` has as many significant bits as the smallest `k` with `2^k >= n`; `n >= 16`, so
    // the subtraction cannot wrap, and `leading_zeros` is at most `usize::BITS`.
    let n = size.max(align).max(1 << MIN_CLASS);
    usize::BITS.wrapping_sub(n.wrapping_sub(1).leading_zeros()) as usize
}

/// Where fresh blocks come from: `[top, end)` of the last memory taken.
#[derive(Debug, Default)]
pub struct Classes {
    top: usize,
    end: usize,
}

impl Classes {
    /// The address of a fresh block of class `k` from `[top, end)`, if it fits; `grow(bytes)`
    /// is asked for more memory (at least `bytes`, returning where it starts) when it does not.
    pub fn carve(&mut self, k: u32, grow: impl FnOnce(usize) -> Option<(usize, usize)>) -> Option<usize> {
        let size = 1usize.checked_shl(k)?;
        let align = size.min(MAX_ALIGN);
        let mask = align.wrapping_sub(1);
        let mut grow = Some(grow);
        // At most twice: from the region as it is, then from the memory just taken.
        loop {
            let at = self.top.checked_add(mask)? & !mask;
            let next = at.checked_add(size)?;
            if next <= self.end {
                self.top = next;
                return Some(at);
            }
            let (start, end) = grow.take()?(size.checked_add(align)?)?;
            // Contiguous memory extends the region; otherwise the rest of the old one is left.
            if start != self.end {
                self.top = start;
            }
            self.end = end;
        }
    }
}

#[cfg(target_arch = "wasm32")]
mod wasm {
    use super::{class, Classes, CLASSES};
    use core::alloc::{GlobalAlloc, Layout};
    use core::cell::UnsafeCell;

    const PAGE: usize = 65536;

    struct State {
        /// The head of each class's free list; a free block holds the address of the next.
        free: [usize; CLASSES],
        classes: Classes,
    }

    /// See the module documentation.
    pub struct Heap(UnsafeCell<State>);

    // SAFETY: wasm32-unknown-unknown without the atomics feature has one thread.
    unsafe impl Sync for Heap {}

    #[global_allocator]
    static HEAP: Heap = Heap(UnsafeCell::new(State { free: [0; CLASSES], classes: Classes { top: 0, end: 0 } }));

    /// Takes at least `bytes` more memory: where it starts and ends.
    fn grow(bytes: usize) -> Option<(usize, usize)> {
        let pages = bytes.checked_add(PAGE - 1)? / PAGE;
        let first = core::arch::wasm32::memory_grow(0, pages);
        if first == usize::MAX {
            return None;
        }
        // Neither product wraps: `pages * PAGE` is at most `bytes + PAGE - 1`, checked above, and
        // the memory now has `first + pages <= 2^16` pages (4 GiB), `pages >= 1` (`carve` asks
        // for 32 bytes at least). Only the end of a memory of exactly 4 GiB does not fit.
        let start = first.wrapping_mul(PAGE);
        Some((start, start.checked_add(pages.wrapping_mul(PAGE))?))
    }

    unsafe impl GlobalAlloc for Heap {
        unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
            // SAFETY: one thread, and no allocator call re-enters another.
            let st = unsafe { &mut *self.0.get() };
            let k = class(layout.size(), layout.align());
            let Some(head) = st.free.get_mut(k) else { return core::ptr::null_mut() };
            if *head != 0 {
                let block = *head as *mut usize;
                // SAFETY: a free block of this class, which holds the next free block's address.
                *head = unsafe { block.read() };
                return block.cast();
            }
            // `k < CLASSES`, so the cast is exact.
            st.classes.carve(k as u32, grow).map_or(core::ptr::null_mut(), |a| a as *mut u8)
        }

        unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
            // SAFETY: as in `alloc`.
            let st = unsafe { &mut *self.0.get() };
            let Some(head) = st.free.get_mut(class(layout.size(), layout.align())) else { return };
            // SAFETY: `ptr` is a block of this class that the caller gives back; it is at least
            // 16 bytes and aligned for a `usize`.
            unsafe { (ptr as *mut usize).write(*head) };
            *head = ptr as usize;
        }

        unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
            if class(layout.size(), layout.align()) == class(new_size, layout.align()) {
                return ptr; // the block is big enough already
            }
            // SAFETY: the caller's layout is valid and `new_size` does not overflow it (the
            // `GlobalAlloc::realloc` contract).
            let new_layout = unsafe { Layout::from_size_align_unchecked(new_size, layout.align()) };
            // SAFETY: as for `alloc`; the copy covers what both blocks hold.
            unsafe {
                let new = self.alloc(new_layout);
                if !new.is_null() {
                    core::ptr::copy_nonoverlapping(ptr, new, layout.size().min(new_size));
                    self.dealloc(ptr, layout);
                }
                new
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::prelude::*;

    #[test]
    fn classes_round_up_to_powers_of_two() {
        assert_eq!(class_of(0, 1), Some(4));
        assert_eq!(class_of(16, 8), Some(4));
        assert_eq!(class_of(17, 1), Some(5));
        assert_eq!(class_of(3, 32), Some(5));
        assert_eq!(class_of(1 << 20, 8), Some(20));
        assert_eq!(class_of((1 << 20) + 1, 8), Some(21));
        assert_eq!(class_of(8, 128), None);
        assert_eq!(class_of(usize::MAX, 1), None);
        assert_eq!(class_of(1usize << 31, 1), Some(31));
    }

    /// Blocks carved from regions that grow (contiguously or not) never overlap, are aligned
    /// as promised, and stay inside the memory taken.
    #[test]
    fn carved_blocks_are_aligned_disjoint_and_inside() {
        let mut c = Classes::default();
        let mut taken: Vec<(usize, usize)> = Vec::new();
        let mut memory_end = 4096usize; // as if the data and stack ended here
        let mut blocks: Vec<(usize, usize)> = Vec::new();
        let mut seed = 0x2545_F491_4F6C_DD1Du64;
        for i in 0..4000 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let k = 4 + (seed % 14) as u32;
            let gap = i % 7 == 0; // sometimes the new memory is not contiguous
            let at = c
                .carve(k, |bytes| {
                    let start = memory_end + if gap { 65536 } else { 0 };
                    let end = start + bytes.div_ceil(65536) * 65536;
                    memory_end = end;
                    taken.push((start, end));
                    Some((start, end))
                })
                .unwrap();
            let size = 1usize << k;
            assert_eq!(at % size.min(64), 0, "class {k} at {at}");
            // Regions grown back to back are one piece of memory.
            let mut pieces: Vec<(usize, usize)> = Vec::new();
            for &(s, e) in &taken {
                match pieces.last_mut() {
                    Some(last) if last.1 == s => last.1 = e,
                    _ => pieces.push((s, e)),
                }
            }
            assert!(pieces.iter().any(|(s, e)| *s <= at && at + size <= *e), "outside memory: {at}");
            blocks.push((at, at + size));
        }
        blocks.sort();
        for w in blocks.windows(2) {
            assert!(w[0].1 <= w[1].0, "overlap: {:?} {:?}", w[0], w[1]);
        }
        // Out of memory is an answer, not a panic.
        assert_eq!(Classes::default().carve(30, |_| None), None);
    }
}
