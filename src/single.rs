//! Statics without std. The shipped wasm is built without std (see lib.rs) and runs on one
//! thread, so its statics are plain cells marked `Sync`; with std (native builds and tests,
//! which run threads) [`Once`] is `std::sync::OnceLock`.

#[cfg(not(any(feature = "std", all(target_arch = "wasm32", not(target_feature = "atomics")))))]
compile_error!("without the `std` feature, lro-cancel builds only for single-threaded wasm32");

/// A value set at most once.
#[cfg(feature = "std")]
pub(crate) type Once<T> = std::sync::OnceLock<T>;

/// A value set at most once (`core::cell::OnceCell` on the module's one thread).
#[cfg(not(feature = "std"))]
pub(crate) struct Once<T>(core::cell::OnceCell<T>);

#[cfg(not(feature = "std"))]
impl<T> Once<T> {
    pub(crate) const fn new() -> Self {
        Once(core::cell::OnceCell::new())
    }
    pub(crate) fn get(&self) -> Option<&T> {
        self.0.get()
    }
    pub(crate) fn set(&self, value: T) -> Result<(), T> {
        self.0.set(value)
    }
    pub(crate) fn get_or_init(&self, f: impl FnOnce() -> T) -> &T {
        self.0.get_or_init(f)
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
