//! Java exceptions in Python: a throwable thrown by a Java call is raised as
//! the Python exception mirroring its class; when such an exception leaves
//! Python for Java, its throwable becomes the `JepException`'s cause.

use std::sync::Arc;

use jni::sys::jobject;
use pyo3::ffi;

use super::{errors, object, refs};
use crate::core::{stack, Error, Gil, HostCause, PyRef};
use crate::jni::env::{jni_call, Env};
use crate::jni::vm;

/// Raises the Python exception for a Java throwable (already cleared in Java).
/// A `StackOverflowError` becomes a Python `RecursionError` whose cause is the
/// Java error; with too little stack left to mirror the throwable in Python
/// (that calls Java), a plain `RecursionError` is raised without calling Java.
pub fn raise_java(gil: Gil<'_>, env: Env<'_>, throwable: jobject) {
    let overflow = crate::jni::cache::cache()
        .is_ok_and(|c| env.is_instance(throwable, c.class.stack_overflow_error));
    if let Err(err) = stack::check(stack::HOST_CALL_RESERVE, "convert a Java exception") {
        errors::restore(&err);
        return;
    }
    match super::class::wrap_object(gil, env, throwable) {
        Ok(exception) if overflow => raise_recursion_error(gil, &exception),
        Ok(exception) => {
            // SAFETY: exception is an exception instance; PyErr_SetObject takes new references.
            unsafe {
                let tp = ffi::Py_TYPE(exception.as_ptr()).cast::<ffi::PyObject>();
                ffi::PyErr_SetObject(tp, exception.as_ptr());
            }
        }
        Err(crate::jni::env::Failure::Core(err)) => errors::restore(&err),
        Err(crate::jni::env::Failure::JavaThrown) => {
            jni_call!(env, v1_2, ExceptionClear);
            let text = if overflow {
                stack::recursion_text(stack::remaining(), "convert a Java exception")
            } else {
                "a Java exception could not be converted".into()
            };
            let kind = if overflow {
                "RecursionError"
            } else {
                "RuntimeError"
            };
            errors::restore(&Error::Python(crate::core::PyException {
                type_repr: format!("<class '{kind}'>"),
                type_name: kind.into(),
                text,
                frames: Vec::new(),
                cause: None,
            }));
        }
    }
}

/// Raises `RecursionError` caused by `java` (the mirror of a Java
/// `StackOverflowError`); it carries the Java error out to Java too.
fn raise_recursion_error(gil: Gil<'_>, java: &PyRef<'_>) {
    let made = gil.str("maximum recursion depth exceeded (java.lang.StackOverflowError in Java)");
    let error = made.and_then(|text| {
        // SAFETY: RecursionError is a type object; text is live; we hold the GIL.
        gil.owned(unsafe { ffi::PyObject_CallOneArg(ffi::PyExc_RecursionError, text.as_ptr()) })
    });
    let error = match error {
        Ok(error) => error,
        Err(err) => return errors::restore(&err),
    };
    // SAFETY: both are live exception objects; SetCause steals the new reference.
    unsafe { ffi::PyException_SetCause(error.as_ptr(), java.clone_ref().into_ptr()) };
    if let Some(carried) = java.getattr_opt(c"java_exception") {
        // SAFETY: setting an attribute of a live exception; we hold the GIL.
        if unsafe {
            ffi::PyObject_SetAttrString(
                error.as_ptr(),
                c"java_exception".as_ptr(),
                carried.as_ptr(),
            )
        } != 0
        {
            // SAFETY: as above; the attribute is optional.
            unsafe { ffi::PyErr_Clear() };
        }
    }
    // SAFETY: raising a live exception instance; SetObject takes its own references.
    unsafe { ffi::PyErr_SetObject(ffi::PyExc_RecursionError, error.as_ptr()) };
}

/// A JNI global reference to a throwable, deleted when the last holder drops it.
pub struct JavaThrowable(pub jobject);

// SAFETY: global references may be used and deleted from any thread.
unsafe impl Send for JavaThrowable {}
// SAFETY: as above; the reference is never mutated.
unsafe impl Sync for JavaThrowable {}

impl Drop for JavaThrowable {
    fn drop(&mut self) {
        refs::delete_global(self.0);
    }
}

/// The core's cause finder: the throwable carried by a Python exception that
/// mirrors a Java one.
pub fn find_cause(exc: &PyRef<'_>) -> Option<HostCause> {
    let gil = exc.gil();
    let state = crate::jni::module::loaded(gil)?;
    let wrapper = exc.getattr_opt(c"java_exception")?;
    let obj = object::java_ref(state, wrapper.as_ptr())?;
    let env = vm::env().ok()?;
    let global = jni_call!(env, v1_2, NewGlobalRef, obj);
    (!global.is_null()).then(|| HostCause(Arc::new(JavaThrowable(global))))
}
