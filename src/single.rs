//! Statics without std. The shipped wasm is built without std (see lib.rs) and runs on one
//! thread, so its statics are plain cells marked `Sync`; with std (native builds and tests,
//! which run threads) [`Once`] is `std::sync::OnceLock`.

#[cfg(not(any(feature = "std", all(target_arch = "wasm32", not(target_feature = "atomics")))))]
compile_error!("without the `std` feature, lro-cancel builds only for single-threaded wasm32");

/// A value set at most once.
#[cfg(feature = "std")]
pub(crate) type Once<T> = std::sync::OnceLock<T>;

/// A value set at most once, on the module's one thread: a cell holding a leaked box (every
/// `Once` is a static, so its value lives as long as the module anyway). Unlike
/// `core::cell::OnceCell::get_or_init`, nothing here can panic: a reentrant initialisation
/// (which the crate never does) would only build the value twice and keep the first.
#[cfg(not(feature = "std"))]
pub(crate) struct Once<T: 'static>(core::cell::Cell<Option<&'static T>>);

#[cfg(not(feature = "std"))]
impl<T> Once<T> {
    pub(crate) const fn new() -> Self {
        Once(core::cell::Cell::new(None))
    }
    pub(crate) fn get(&self) -> Option<&T> {
        self.0.get()
    }
    pub(crate) fn get_or_init(&self, f: impl FnOnce() -> T) -> &T {
        if let Some(v) = self.0.get() {
            return v;
        }
        let made: &'static T = alloc::boxed::Box::leak(alloc::boxed::Box::new(f()));
        match self.0.get() {
            Some(first) => first,
            None => {
                self.0.set(Some(made));
                made
            }
        }
    }
}

/// A static the wasm module's one thread owns (a `RefCell` or `Cell` inside keeps borrows
/// checked).
#[cfg(target_arch = "wasm32")]
pub(crate) struct Local<T>(pub(crate) T);

// SAFETY: wasm32 without the atomics feature (checked above for builds without std; the tests'
// std builds are the same target) has exactly one thread, so nothing is ever shared.
#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
unsafe impl<T> Sync for Local<T> {}
#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics"), not(feature = "std")))]
unsafe impl<T> Sync for Once<T> {}
