//! Imports into the main interpreter on behalf of others: modules shared with
//! sub-interpreters (`sharedImport`, and the legacy sub-interpreters' shared
//! modules), each through a temporary main-interpreter thread state.

use pyo3::ffi;

use super::error::{Error, Result};
use super::gil::{Gil, PyRef};
use super::interpreter::inside_python;
use super::runtime::runtime;
use super::teardown::delete_current;

/// Imports `module` into the main interpreter (for modules shared with
/// sub-interpreters), on the calling thread with a temporary thread state.
pub fn shared_import(module: &str) -> Result<()> {
    let runtime = runtime()?;
    if inside_python() {
        return Err(Error::Usage(
            "sharedImport cannot run while Python code runs on this thread".into(),
        ));
    }
    // SAFETY: a fresh main-interpreter thread state, entered and deleted here.
    unsafe {
        let tstate = ffi::PyThreadState_New(runtime.main as *mut _);
        if tstate.is_null() {
            return Err(Error::Internal(
                "could not create a Python thread state".into(),
            ));
        }
        ffi::PyEval_RestoreThread(tstate);
        let outcome = Gil::assume().import(module).map(drop);
        delete_current();
        outcome
    }
}

/// Imports `module` in the main interpreter and returns it, for a legacy
/// (shared-GIL) sub-interpreter whose thread state is current: the shared
/// modules mechanism (one copy of an extension such as numpy for all).
///
/// # Safety
/// The caller holds the shared GIL with a thread state of a legacy sub-interpreter current.
pub unsafe fn import_from_main<'py>(gil: Gil<'py>, module: &str) -> Result<PyRef<'py>> {
    let runtime = runtime()?;
    // SAFETY: per the contract, the GIL is the main interpreter's (shared) one.
    unsafe {
        let sub_tstate = ffi::PyThreadState_Get();
        let main_tstate = ffi::PyThreadState_New(runtime.main as *mut _);
        if main_tstate.is_null() {
            return Err(Error::Internal(
                "could not create a Python thread state".into(),
            ));
        }
        ffi::PyThreadState_Swap(main_tstate);
        let name = std::ffi::CString::new(module).unwrap_or_default();
        let imported = ffi::PyImport_ImportModule(name.as_ptr());
        let failure = if imported.is_null() {
            Some(gil.take_error())
        } else {
            None
        };
        ffi::PyThreadState_Swap(sub_tstate);
        ffi::PyThreadState_Clear(main_tstate);
        ffi::PyThreadState_Delete(main_tstate);
        match failure {
            Some(err) => Err(err),
            None => gil.owned(imported),
        }
    }
}
