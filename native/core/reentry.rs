//! Reaching an interpreter from host code that holds only its CPython ID (a
//! `PyObject` used from Java or C, a callback while Python code calls the host):
//! on the calling thread only, directly when already inside, by resuming the
//! suspended thread state, or by entering the interpreter open on this thread.

use pyo3::ffi;

use super::error::{Error, Result};
use super::gil::Gil;
use super::interpreter::Interpreter;
use super::thread::{self, ThreadRecord};

/// Runs `work` in the interpreter with CPython ID `id` on the calling thread:
/// directly when the thread is already inside it (Python called the host, which
/// calls back), else by entering the interpreter open on this thread. Any other
/// thread gets [`Error::InvalidThread`]; a closed interpreter a usage error
/// saying so.
pub fn with_interpreter<R>(id: i64, work: impl FnOnce(Gil<'_>) -> Result<R>) -> Result<R> {
    let thread = thread::current();
    super::stack::check_on(thread, super::stack::ENTRY_RESERVE, "enter Python")?;
    let entered = thread.entered.get();
    if !entered.is_null() {
        // SAFETY: this thread holds the GIL with `entered` current.
        let current =
            unsafe { ffi::PyInterpreterState_GetID(ffi::PyThreadState_GetInterpreter(entered)) };
        if current != id {
            return Err(not_here(id));
        }
        // SAFETY: as above; releasing queued references needs exactly this GIL.
        unsafe { super::deferred::drain(id) };
        // SAFETY: as above.
        return work(unsafe { Gil::assume() });
    }
    let suspended = thread.suspended.get();
    let suspended_here = !suspended.is_null() && {
        // SAFETY: a suspended thread state stays valid while its host call runs.
        let interp = unsafe { ffi::PyThreadState_GetInterpreter(suspended) };
        // SAFETY: the interpreter of a live thread state.
        unsafe { ffi::PyInterpreterState_GetID(interp) == id }
    };
    if suspended_here {
        // SAFETY: the state is this thread's, given up by `without_gil`, and not current.
        let resumed = unsafe { Resumed::new(thread, suspended) };
        // SAFETY: we hold the interpreter's GIL; queued references may be released.
        unsafe { super::deferred::drain(id) };
        // SAFETY: as above.
        let outcome = work(unsafe { Gil::assume() });
        drop(resumed);
        return outcome;
    }
    let open = thread.open.get();
    // SAFETY: the pointer is cleared when that interpreter closes on this thread.
    match unsafe { open.as_ref() } {
        Some(interp) if interp.id() == id => {
            let attached = interp.enter()?;
            work(attached.gil())
        }
        _ => Err(not_here(id)),
    }
}

/// Why interpreter `id` cannot be used on this thread: it was closed, or it is
/// open on another thread.
fn not_here(id: i64) -> Error {
    if super::deferred::is_live(id) {
        Error::InvalidThread
    } else {
        Error::Usage(format!(
            "the Python interpreter of this object (CPython interpreter {id}) is closed"
        ))
    }
}

/// A suspended thread state resumed for a callback: current and entered until dropped.
struct Resumed(&'static ThreadRecord);

impl Resumed {
    /// Makes `tstate` current (taking its GIL) and marks it entered.
    ///
    /// # Safety
    /// `tstate` belongs to the calling thread (whose record is `thread`) and is not current.
    unsafe fn new(thread: &'static ThreadRecord, tstate: *mut ffi::PyThreadState) -> Resumed {
        // SAFETY: per the contract.
        unsafe { ffi::PyEval_RestoreThread(tstate) };
        thread.entered.set(tstate);
        Resumed(thread)
    }
}

impl Drop for Resumed {
    fn drop(&mut self) {
        self.0.entered.set(std::ptr::null_mut());
        // SAFETY: `Resumed::new` followed making this thread state current.
        unsafe { ffi::PyEval_SaveThread() };
    }
}

/// The interpreter open on the calling thread (its address is the host's handle).
pub fn open_on_this_thread() -> Option<*const Interpreter> {
    let open = thread::current().open.get();
    (!open.is_null()).then_some(open)
}
