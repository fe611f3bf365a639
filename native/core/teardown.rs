//! Ending a sub-interpreter in a defined order that never aborts the process.
//!
//! `Py_EndInterpreter` aborts (`Fatal Python error: not the last thread`) when
//! any other thread state of the interpreter still exists, e.g. a daemon
//! `threading.Thread` or a `_thread.start_new_thread` thread. krait therefore
//! ends a sub-interpreter in these steps:
//!
//! 1. [`finish_threads`]: wait for non-daemon `threading` threads
//!    (`threading._shutdown()`, as CPython's own shutdown does), then run the
//!    `atexit` callbacks, both only when those modules were imported;
//! 2. [`end_or_detach`]: ask every other thread to stop by raising
//!    `SystemExit` in it (`PyThreadState_SetAsyncExc`) and wait up to
//!    [`DAEMON_DEADLINE`] with the GIL released;
//! 3. when no other thread state is left, `Py_EndInterpreter`; otherwise the
//!    interpreter is kept alive as a *detached zombie* (krait's thread state is
//!    deleted, the still running threads keep their interpreter), the zombie is
//!    logged to standard error and reported to the caller as an error.

use std::time::{Duration, Instant};

use once_cell::sync::OnceCell;
use pyo3::ffi;

use super::gil::Gil;

/// How long threads get to stop after `SystemExit` was raised in them.
pub const DAEMON_DEADLINE: Duration = Duration::from_secs(1);

/// How often the thread list is checked while waiting for threads to stop.
const POLL_INTERVAL: Duration = Duration::from_millis(5);

/// How often `SystemExit` is raised again in threads that are still running.
const ASK_AGAIN: Duration = Duration::from_millis(100);

/// Waits for the interpreter's non-daemon `threading` threads, then runs its
/// `atexit` callbacks (both as `Py_EndInterpreter` would, but while krait can
/// still deal with threads they leave running). Python errors are printed.
pub(super) fn finish_threads(gil: Gil<'_>) {
    for (name, function) in [("threading", c"_shutdown"), ("atexit", c"_run_exitfuncs")] {
        let Some(module) = imported_module(gil, name) else {
            continue;
        };

        let Some(function) = module.getattr_opt(function) else {
            continue;
        };
        // SAFETY: function is a live callable; we hold the GIL.
        let result = unsafe { ffi::PyObject_CallNoArgs(function.as_ptr()) };
        if result.is_null() {
            // SAFETY: we hold the GIL and an exception is pending.
            unsafe { ffi::PyErr_Print() };
        } else {
            // SAFETY: result is a new reference we own.
            unsafe { ffi::Py_DECREF(result) };
        }
    }
}

/// `sys.modules[name]` if that module was imported (never imports it).
pub(super) fn imported_module<'py>(gil: Gil<'py>, name: &str) -> Option<super::gil::PyRef<'py>> {
    let modules = gil.import("sys").ok()?.getattr("modules").ok()?;
    let key = gil.str(name).ok()?;
    // SAFETY: modules and key are live objects; we hold the GIL. The result is borrowed.
    let found = unsafe { ffi::PyDict_GetItemWithError(modules.as_ptr(), key.as_ptr()) };
    if found.is_null() {
        // SAFETY: we hold the GIL.
        unsafe { ffi::PyErr_Clear() };
        return None;
    }
    gil.borrowed(found).ok()
}

/// Removes `name` from `sys.modules` (errors are ignored).
fn forget_module(gil: Gil<'_>, name: &str) {
    let removed = gil
        .import("sys")
        .and_then(|sys| sys.getattr("modules"))
        .and_then(|modules| {
            let key = gil.str(name)?;
            // SAFETY: live dict and key; we hold the GIL.
            Ok(unsafe { ffi::PyDict_DelItem(modules.as_ptr(), key.as_ptr()) })
        });
    if !matches!(removed, Ok(0)) {
        // SAFETY: we hold the GIL.
        unsafe { ffi::PyErr_Clear() };
    }
}

/// How the end of a sub-interpreter went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Ending {
    /// `Py_EndInterpreter` ran: the interpreter is gone.
    Ended,
    /// That many threads did not stop: the interpreter stays alive, detached.
    Detached(usize),
}

/// Ends the sub-interpreter whose thread state `tstate` is current on this
/// thread, or leaves it alive as a detached zombie when threads it started do
/// not stop within [`DAEMON_DEADLINE`] after `SystemExit` was raised in them.
/// Afterwards this thread holds no GIL and has no current thread state.
///
/// # Safety
/// `tstate` is current (its GIL held) on this thread, belongs to a
/// sub-interpreter and runs no Python frame; nothing uses it afterwards.
pub(super) unsafe fn end_or_detach(tstate: *mut ffi::PyThreadState) -> Ending {
    // SAFETY: per the contract, we hold the interpreter's GIL with tstate current.
    let others = unsafe { other_threads(tstate) };
    if others > 0 {
        let start = Instant::now();
        let mut asked = None;
        // SAFETY: as above; the GIL is released while sleeping and taken back.
        while unsafe { other_threads(tstate) } > 0 && start.elapsed() < DAEMON_DEADLINE {
            // Ask again now and then: a thread that had not started running
            // Python yet was not found the first time.
            if asked.map_or(true, |at: Instant| at.elapsed() >= ASK_AGAIN) {
                // SAFETY: as above.
                unsafe { ask_threads_to_stop(tstate) };
                asked = Some(Instant::now());
            }
            // SAFETY: tstate is current; other threads may run meanwhile.
            unsafe {
                let saved = ffi::PyEval_SaveThread();
                std::thread::sleep(POLL_INTERVAL);
                ffi::PyEval_RestoreThread(saved);
            }
        }
    }
    // SAFETY: as above.
    let left = unsafe { other_threads(tstate) };
    if left == 0 {
        // `threading._shutdown` ran already; 3.12 asserts when it runs twice.
        // SAFETY: as above.
        forget_module(unsafe { Gil::assume() }, "threading");
        // SAFETY: tstate is now the interpreter's only thread state.
        unsafe { end_current_sub() };
        Ending::Ended
    } else {
        // SAFETY: tstate is current; deleting it leaves the interpreter to its threads.
        unsafe { delete_current() };
        Ending::Detached(left)
    }
}

/// The number of thread states of `tstate`'s interpreter other than `tstate`.
///
/// # Safety
/// The caller holds the GIL of `tstate`'s interpreter.
unsafe fn other_threads(tstate: *mut ffi::PyThreadState) -> usize {
    let mut count = 0;
    // SAFETY: the thread list of a live interpreter, walked with its GIL held.
    unsafe {
        let mut current =
            ffi::PyInterpreterState_ThreadHead(ffi::PyThreadState_GetInterpreter(tstate));
        while !current.is_null() {
            if current != tstate {
                count += 1;
            }
            current = ffi::PyThreadState_Next(current);
        }
    }
    count
}

/// Raises `SystemExit` in every thread of the interpreter of `tstate` (current,
/// its GIL held) but this one.
///
/// The thread idents come from the interpreter's own thread states, read
/// under its GIL (`sys._current_frames()` would also walk other interpreters'
/// frames, which is unsafe while an isolated interpreter runs on its own GIL).
///
/// # Safety
/// `tstate` is current on this thread with its interpreter's GIL held.
unsafe fn ask_threads_to_stop(tstate: *mut ffi::PyThreadState) {
    let Some(offset) = thread_id_offset(tstate) else {
        return;
    };
    // SAFETY: walking the thread list of our interpreter with its GIL held;
    // `offset` is the word of each thread state that holds its thread ident.
    unsafe {
        let mut current =
            ffi::PyInterpreterState_ThreadHead(ffi::PyThreadState_GetInterpreter(tstate));
        while !current.is_null() {
            if current != tstate {
                let ident = *current.cast::<usize>().add(offset);
                ffi::PyThreadState_SetAsyncExc(ident as std::ffi::c_long, ffi::PyExc_SystemExit);
            }
            current = ffi::PyThreadState_Next(current);
        }
    }
}

/// How many words at the start of a `PyThreadState` are searched for its
/// `thread_id` field (before 3.13 CPython has no function returning it).
const THREAD_ID_SEARCH_WORDS: usize = 32;

/// The word offset of `thread_id` in CPython's `PyThreadState`, found once by
/// looking for the calling thread's ident in its own (current) thread state;
/// `None` when it is not found exactly once (then no thread is asked to stop).
fn thread_id_offset(current: *mut ffi::PyThreadState) -> Option<usize> {
    static OFFSET: OnceCell<Option<usize>> = OnceCell::new();
    *OFFSET.get_or_init(|| {
        // SAFETY: a thread state is larger than the searched words, and the
        // current one is alive while we hold its GIL; PyThread_get_thread_ident
        // has no preconditions.
        let (words, me) = unsafe {
            (
                std::slice::from_raw_parts(current.cast::<usize>(), THREAD_ID_SEARCH_WORDS),
                ffi::PyThread_get_thread_ident() as usize,
            )
        };
        single_position(words, me)
    })
}

/// The index of `value` in `words` if it occurs exactly once.
fn single_position(words: &[usize], value: usize) -> Option<usize> {
    let mut found = words.iter().enumerate().filter(|(_, word)| **word == value);
    match (found.next(), found.next()) {
        (Some((index, _)), None) => Some(index),
        _ => None,
    }
}

/// Clears and deletes the current thread state, releasing its GIL. The caller
/// holds that GIL, so the unchecked current thread state is this thread's.
///
/// # Safety
/// The caller holds the GIL with its own thread state current.
pub(super) unsafe fn delete_current() {
    // SAFETY: per the contract.
    unsafe {
        ffi::PyThreadState_Clear(ffi::compat::PyThreadState_GetUnchecked());
        ffi::PyThreadState_DeleteCurrent();
    }
}

/// Ends the sub-interpreter whose (only) thread state is current, and leaves
/// this thread holding no GIL.
///
/// # Safety
/// The current thread state is the sub-interpreter's only one and runs no frame.
pub(super) unsafe fn end_current_sub() {
    // SAFETY: per the contract, the sub-interpreter's GIL is held.
    #[cfg(Py_3_12)]
    super::signals::unshare_main_module(unsafe { Gil::assume() });
    // SAFETY: per the contract.
    unsafe { ffi::Py_EndInterpreter(ffi::compat::PyThreadState_GetUnchecked()) };
    #[cfg(not(Py_3_12))]
    {
        // Before 3.12 the shared GIL is still held with no current thread state:
        // release it through a temporary main-interpreter thread state.
        if let Ok(runtime) = super::runtime::runtime() {
            // SAFETY: we hold the shared GIL with no thread state current.
            unsafe {
                let helper = ffi::PyThreadState_New(runtime.main as *mut _);
                ffi::PyThreadState_Swap(helper);
                delete_current();
            }
        }
    }
}

/// How many Python threads of the current interpreter are alive besides the
/// calling one and the main thread (threads Python started, not the host's).
const OTHER_PYTHON_THREADS: &str = "0 if 'threading' not in __import__('sys').modules else \
    (lambda t: sum(1 for x in t.enumerate() if x is not t.current_thread() \
    and x is not t.main_thread() and not isinstance(x, t._DummyThread) and not x.daemon \
    and x.is_alive()))\
    (__import__('sys').modules['threading'])";

/// Evaluates [`OTHER_PYTHON_THREADS`] in the current interpreter (compiled only
/// when `threading` was imported: without it no such thread can be known).
pub(super) fn other_python_threads(gil: Gil<'_>) -> super::error::Result<i64> {
    if imported_module(gil, "threading").is_none() {
        return Ok(0);
    }
    // SAFETY: we hold the GIL.
    let scope = gil.owned(unsafe { ffi::PyDict_New() })?;
    let args = super::calls::tuple(gil, vec![gil.str(OTHER_PYTHON_THREADS)?, scope])?;
    let count = gil.builtins()?.getattr("eval")?.call(&args, None)?;
    // SAFETY: count is live; we hold the GIL.
    let value = unsafe { ffi::PyLong_AsLong(count.as_ptr()) };
    if value == -1 {
        // SAFETY: as above; -1 may mean a failed conversion.
        if !unsafe { ffi::PyErr_Occurred() }.is_null() {
            return Err(gil.take_error());
        }
    }
    Ok(value as i64)
}

#[cfg(test)]
mod tests {
    use super::single_position;

    #[test]
    fn single_position_needs_exactly_one_match() {
        assert_eq!(single_position(&[1, 7, 3], 7), Some(1));
        assert_eq!(single_position(&[7, 1, 7], 7), None);
        assert_eq!(single_position(&[1, 2, 3], 7), None);
    }
}
