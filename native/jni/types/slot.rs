//! Running the body of a Python slot function that works with Java: a GIL
//! token, the thread's `JNIEnv` (attaching Python-created threads), a local
//! reference frame, panic catching, and failures raised as Python exceptions.

use std::panic::{catch_unwind, AssertUnwindSafe};

use pyo3::ffi;

use super::errors;
use crate::core::Gil;
use crate::jni::env::{Env, JResult};
use crate::jni::vm;

/// Runs `body` for a slot; on failure sets a Python exception and returns `failed`.
pub fn run<T>(failed: T, body: impl FnOnce(Gil<'_>, Env<'_>) -> JResult<T>) -> T {
    // SAFETY: CPython calls slots with the GIL held.
    let gil = unsafe { Gil::assume() };
    // Never call into the JVM without the stack it needs to report a failure.
    if let Err(err) = crate::core::stack::check(crate::core::stack::HOST_CALL_RESERVE, "call Java")
    {
        errors::restore(&err);
        return failed;
    }
    let outcome = catch_unwind(AssertUnwindSafe(|| {
        let env = match vm::env() {
            Ok(env) => env,
            Err(failure) => {
                if let crate::jni::env::Failure::Core(err) = failure {
                    errors::restore(&err);
                }
                return None;
            }
        };
        match env.in_frame(|| body(gil, env)) {
            Ok(value) => Some(value),
            Err(failure) => {
                errors::raise(gil, env, failure);
                None
            }
        }
    }));
    match outcome {
        Ok(Some(value)) => value,
        Ok(None) => failed,
        Err(_) => {
            // SAFETY: raising with the GIL held.
            unsafe {
                ffi::PyErr_SetString(
                    ffi::PyExc_RuntimeError,
                    c"krait internal error: panic in a Java call".as_ptr(),
                );
            }
            failed
        }
    }
}

/// Like [`run`] for slots returning a new object reference (null on failure).
pub fn object(
    body: impl FnOnce(Gil<'_>, Env<'_>) -> JResult<*mut ffi::PyObject>,
) -> *mut ffi::PyObject {
    run(std::ptr::null_mut(), body)
}
