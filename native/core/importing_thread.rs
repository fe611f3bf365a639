//! Threads started by the host thread of a sub-interpreter are non-daemon on
//! every supported CPython.
//!
//! Up to 3.12 the thread that first imports `threading` in a sub-interpreter
//! becomes its `threading.main_thread()`, a non-daemon thread. CPython 3.13
//! makes the process's main thread `main_thread()` everywhere, so that host
//! thread is a `_DummyThread`, a daemon wherever daemon threads are allowed
//! (legacy sub-interpreters), and every `threading.Thread` it starts inherits
//! `daemon=True`. Closing would then stop such a thread with `SystemExit`
//! (see `teardown`) instead of refusing, as krait and Jep do while a
//! non-daemon thread runs. `importing_thread.py` keeps 3.12's behaviour: once
//! `threading` is imported, the importing thread is marked non-daemon.

use pyo3::ffi;

use super::error::Result;
use super::gil::Gil;

/// The file name of [`SOURCE`] in tracebacks and for `compile_once`.
pub(super) const FILE: &str = "<krait importing thread>";

/// The finder that marks the thread importing `threading` non-daemon.
pub(super) const SOURCE: &str = include_str!("importing_thread.py");

/// Installs the finder of [`SOURCE`] in the current sub-interpreter.
pub(super) fn install(gil: Gil<'_>) -> Result<()> {
    // SAFETY: we hold the GIL.
    let globals = gil.owned(unsafe { ffi::PyDict_New() })?;
    let builtins = gil.builtins()?;
    // SAFETY: live dict, key and value; we hold the GIL.
    if unsafe {
        ffi::PyDict_SetItemString(
            globals.as_ptr(),
            c"__builtins__".as_ptr(),
            builtins.as_ptr(),
        )
    } != 0
    {
        return Err(gil.take_error());
    }
    let code = super::frozen::compile_once(gil, FILE, SOURCE)?;
    // SAFETY: code is a code object and globals a dict; we hold the GIL.
    gil.owned(unsafe { ffi::PyEval_EvalCode(code.as_ptr(), globals.as_ptr(), globals.as_ptr()) })?;
    Ok(())
}
