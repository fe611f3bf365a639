//! Java exceptions in Python: a throwable thrown by a Java call is raised as
//! the Python exception mirroring its class; when such an exception leaves
//! Python for Java, its throwable becomes the `JepException`'s cause.

use std::sync::Arc;

use jni::sys::jobject;
use pyo3::ffi;

use super::{errors, object, refs};
use crate::core::{Error, Gil, HostCause, PyRef};
use crate::jni::env::{jni_call, Env};
use crate::jni::vm;

/// Raises the Python exception for a Java throwable (already cleared in Java).
pub fn raise_java(gil: Gil<'_>, env: Env<'_>, throwable: jobject) {
    match super::class::wrap_object(gil, env, throwable) {
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
            errors::restore(&Error::Usage(
                "a Java exception could not be converted".into(),
            ));
        }
    }
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
