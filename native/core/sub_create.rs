//! Creating a CPython sub-interpreter from krait's [`SubOptions`]: the
//! `PyInterpreterConfig` of CPython 3.12+ (own GIL, isolation flags), or the
//! legacy `Py_NewInterpreter` before 3.12, where only legacy options exist.

use pyo3::ffi;

use super::config::SubOptions;
use super::error::{Error, Result};

/// Creates a sub-interpreter; on success its new thread state is current.
///
/// # Safety
/// The caller holds the main interpreter's GIL.
pub(super) unsafe fn new_sub_interpreter(options: &SubOptions) -> Result<*mut ffi::PyThreadState> {
    #[cfg(Py_3_12)]
    {
        let legacy = ffi::_PyInterpreterConfig_LEGACY_INIT;
        let pick = |value: Option<bool>, default: i32| value.map_or(default, i32::from);
        let config = ffi::PyInterpreterConfig {
            use_main_obmalloc: pick(options.use_main_obmalloc, legacy.use_main_obmalloc),
            allow_fork: pick(options.allow_fork, legacy.allow_fork),
            allow_exec: pick(options.allow_exec, legacy.allow_exec),
            allow_threads: pick(options.allow_threads, legacy.allow_threads),
            allow_daemon_threads: pick(options.allow_daemon_threads, legacy.allow_daemon_threads),
            check_multi_interp_extensions: pick(
                options.check_multi_interp_extensions,
                legacy.check_multi_interp_extensions,
            ),
            gil: if options.own_gil == Some(true) {
                ffi::PyInterpreterConfig_OWN_GIL
            } else {
                ffi::PyInterpreterConfig_SHARED_GIL
            },
        };
        let mut tstate = std::ptr::null_mut();
        // SAFETY: per this function's contract (the main interpreter's GIL is held).
        let status = unsafe { ffi::Py_NewInterpreterFromConfig(&mut tstate, &config) };
        // SAFETY: PyStatus_Exception only reads the plain struct it is given.
        if unsafe { ffi::PyStatus_Exception(status) } != 0 || tstate.is_null() {
            let msg = if status.err_msg.is_null() {
                "unknown error".to_string()
            } else {
                // SAFETY: CPython sets err_msg to a static NUL-terminated string.
                unsafe { std::ffi::CStr::from_ptr(status.err_msg) }
                    .to_string_lossy()
                    .into_owned()
            };
            return Err(Error::Usage(format!(
                "could not create a sub-interpreter: {msg}"
            )));
        }
        Ok(tstate)
    }
    #[cfg(not(Py_3_12))]
    {
        if !options.is_legacy() {
            return Err(Error::Usage(format!(
                "SubInterpreterOptions other than legacy() (such as isolated(), an own GIL) need \
                 CPython 3.12 or newer; this is CPython {}. Use SubInterpreterOptions.legacy().",
                super::runtime::python_version().unwrap_or("older than 3.12")
            )));
        }
        // SAFETY: per this function's contract (the main interpreter's GIL is held).
        let tstate = unsafe { ffi::Py_NewInterpreter() };
        if tstate.is_null() {
            // SAFETY: as above.
            unsafe { ffi::PyErr_Clear() };
            return Err(Error::Internal("could not create a sub-interpreter".into()));
        }
        Ok(tstate)
    }
}
