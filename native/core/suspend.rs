//! Releasing the GIL while a host call runs: a thread calling into Java (or C)
//! from Python gives up its GIL for the call, so other Python threads run
//! meanwhile and host threads can open or enter interpreters (a host call that
//! waits for such a thread would otherwise deadlock). A callback into Python
//! on the same thread re-takes the suspended thread state.

use pyo3::ffi;

use super::gil::Gil;
use super::thread::{self, ThreadRecord};

/// Runs `work` with the GIL released and gives it back afterwards (also when
/// `work` panics). The `gil` token proves the GIL is held on entry.
///
/// # Safety
/// `work` must not touch any Python object (nor use `gil`): it is the host call
/// itself, its arguments already converted, not its conversions. It may call
/// back into Python only through the host's entry points, which resume the
/// suspended thread state.
pub unsafe fn without_gil<R>(gil: Gil<'_>, work: impl FnOnce() -> R) -> R {
    /// Takes the GIL back and restores this thread's bookkeeping when dropped.
    struct Resume {
        tstate: *mut ffi::PyThreadState,
        entered: *mut ffi::PyThreadState,
        outer: *mut ffi::PyThreadState,
        thread: &'static ThreadRecord,
    }
    impl Drop for Resume {
        fn drop(&mut self) {
            // SAFETY: `tstate` was current on this thread when it was saved, and every
            // callback that resumed it in the meantime has released it again.
            unsafe { ffi::PyEval_RestoreThread(self.tstate) };
            self.thread.entered.set(self.entered);
            self.thread.suspended.set(self.outer);
        }
    }
    let _ = gil;
    let thread = thread::current();
    let entered = thread.entered.replace(std::ptr::null_mut());
    // SAFETY: the token proves this thread holds the GIL with a current thread state.
    let tstate = unsafe { ffi::PyEval_SaveThread() };
    let outer = thread.suspended.replace(tstate);
    let _resume = Resume {
        tstate,
        entered,
        outer,
        thread,
    };
    work()
}
