//! Releasing the GIL while a host call runs: a thread calling into Java (or C)
//! from Python gives up its GIL for the call, so other Python threads run
//! meanwhile and host threads can open or enter interpreters (a host call that
//! waits for such a thread would otherwise deadlock). A callback into Python
//! on the same thread re-takes the suspended thread state.

use std::cell::Cell;

use pyo3::ffi;

use super::gil::Gil;

thread_local! {
    /// The thread state this thread gave up in [`without_gil`], if a host call runs.
    static SUSPENDED: Cell<*mut ffi::PyThreadState> = const { Cell::new(std::ptr::null_mut()) };
}

/// The thread state suspended by a [`without_gil`] call running on this thread
/// (null when none): the state a callback into Python on this thread resumes.
pub(super) fn suspended() -> *mut ffi::PyThreadState {
    SUSPENDED.with(Cell::get)
}

/// Runs `work` with the GIL released and gives it back afterwards (also when
/// `work` panics).
///
/// `work` must not touch any Python object: it is the host call itself (its
/// arguments already converted), not its conversions. The `gil` token proves
/// the GIL is held on entry.
pub fn without_gil<R>(gil: Gil<'_>, work: impl FnOnce() -> R) -> R {
    /// Takes the GIL back and restores this thread's bookkeeping when dropped.
    struct Resume {
        tstate: *mut ffi::PyThreadState,
        entered: *mut ffi::PyThreadState,
        outer: *mut ffi::PyThreadState,
    }
    impl Drop for Resume {
        fn drop(&mut self) {
            // SAFETY: `tstate` was current on this thread when it was saved, and every
            // callback that resumed it in the meantime has released it again.
            unsafe { ffi::PyEval_RestoreThread(self.tstate) };
            super::interpreter::set_entered(self.entered);
            SUSPENDED.with(|s| s.set(self.outer));
        }
    }
    let _ = gil;
    let entered = super::interpreter::set_entered(std::ptr::null_mut());
    // SAFETY: the token proves this thread holds the GIL with a current thread state.
    let tstate = unsafe { ffi::PyEval_SaveThread() };
    let outer = SUSPENDED.with(|s| s.replace(tstate));
    let _resume = Resume {
        tstate,
        entered,
        outer,
    };
    work()
}
