//! Raising Python exceptions from failures inside slot functions.

use pyo3::ffi;

use crate::core::{Error, Gil};
use crate::jni::env::{jni_call, Env, Failure};

/// Sets a Python exception describing a core error.
pub fn restore(err: &Error) {
    let (kind, text) = match err {
        Error::Python(exc) => (builtin_exception(&exc.type_name), exc.text.clone()),
        // SAFETY: reading an exception type object.
        Error::Conversion(text) => (unsafe { ffi::PyExc_TypeError }, text.clone()),
        // SAFETY: as above.
        Error::InvalidThread => (unsafe { ffi::PyExc_RuntimeError }, err.to_string()),
        // SAFETY: as above.
        Error::Usage(text) => (unsafe { ffi::PyExc_RuntimeError }, text.clone()),
        // SAFETY: as above.
        Error::Internal(text) => (unsafe { ffi::PyExc_SystemError }, text.clone()),
    };
    let text = std::ffi::CString::new(text.replace('\0', "\\0")).unwrap_or_default();
    // SAFETY: the caller holds the GIL; both pointers are valid.
    unsafe { ffi::PyErr_SetString(kind, text.as_ptr()) };
}

/// The built-in exception type of that name, or RuntimeError.
fn builtin_exception(name: &str) -> *mut ffi::PyObject {
    // SAFETY: reading builtin exception type objects.
    unsafe {
        match name {
            "TypeError" => ffi::PyExc_TypeError,
            "ValueError" => ffi::PyExc_ValueError,
            "KeyError" => ffi::PyExc_KeyError,
            "IndexError" => ffi::PyExc_IndexError,
            "AttributeError" => ffi::PyExc_AttributeError,
            "OverflowError" => ffi::PyExc_OverflowError,
            "BufferError" => ffi::PyExc_BufferError,
            "ImportError" => ffi::PyExc_ImportError,
            "ModuleNotFoundError" => ffi::PyExc_ModuleNotFoundError,
            "MemoryError" => ffi::PyExc_MemoryError,
            "RecursionError" => ffi::PyExc_RecursionError,
            "NameError" => ffi::PyExc_NameError,
            _ => ffi::PyExc_RuntimeError,
        }
    }
}

/// Sets the Python exception for a failure: a pending Java exception becomes
/// the Python exception mirroring it.
pub fn raise(gil: Gil<'_>, env: Env<'_>, failure: Failure) {
    match failure {
        Failure::Core(err) => restore(&err),
        Failure::JavaThrown => {
            let throwable = jni_call!(env, v1_2, ExceptionOccurred);
            if throwable.is_null() {
                restore(&Error::Usage(
                    "a Java call failed without an exception".into(),
                ));
                return;
            }
            jni_call!(env, v1_2, ExceptionClear);
            super::throwable::raise_java(gil, env, throwable);
            jni_call!(env, v1_2, DeleteLocalRef, throwable);
        }
    }
}

/// Sets the `TypeError` for an instance of a krait type that was not made by
/// krait (created through `__new__` tricks rather than by a Java conversion).
pub fn uninitialized(type_name: &std::ffi::CStr) {
    let text = format!(
        "this {} was not made by krait: instances come from Java values, not from Python",
        type_name.to_string_lossy()
    );
    let text = std::ffi::CString::new(text).unwrap_or_default();
    // SAFETY: slots run with the GIL held; both pointers are valid.
    unsafe { ffi::PyErr_SetString(ffi::PyExc_TypeError, text.as_ptr()) };
}
