//! Python objects that cross to Java as themselves: a `PyObject` handle, or a
//! proxy implementing a functional interface by calling a Python callable.

use jni::sys::{jobject, jvalue};
use pyo3::ffi;

use super::conversion;
use crate::core::PyRef;
use crate::jni::cache::Cache;
use crate::jni::env::{Env, JResult, Local};

/// A `jep.python.PyObject` (a `PyCallable` for callables) holding a new
/// reference to `value`, owned by the interpreter open on this thread.
pub(super) fn py_object<'env>(
    env: Env<'env>,
    c: &Cache,
    value: &PyRef<'_>,
) -> JResult<Local<'env>> {
    let handle = crate::core::open_on_this_thread().ok_or_else(|| {
        conversion(format!(
            "a Python {} can only become a Java PyObject on its interpreter's thread",
            value.type_name()
        ))
    })?;
    // SAFETY: callable check of a live object.
    let callable = unsafe { ffi::PyCallable_Check(value.as_ptr()) } != 0;
    let interpreter = value.gil().interpreter_id();
    let object = value.clone_ref().into_ptr();
    let args = [
        jvalue { j: handle as i64 },
        jvalue { j: interpreter },
        jvalue { j: object as i64 },
        jvalue { z: callable },
    ];
    let wrapped = env.call_static_object(c.class.py_access, c.method.py_access_wrap, &args);
    match wrapped {
        Ok(Some(local)) => Ok(local),
        other => {
            // SAFETY: no PyObject took the reference made above.
            unsafe { ffi::Py_DECREF(object) };
            other?;
            Err(conversion(
                "the interpreter of this thread is not open".into(),
            ))
        }
    }
}

/// A Python callable as a Java proxy of the functional interface `iface` (None
/// when `value` is not callable or `iface` is not a functional interface).
pub(super) fn callable_proxy<'env>(
    env: Env<'env>,
    c: &Cache,
    value: &PyRef<'_>,
    iface: jobject,
) -> JResult<Option<Local<'env>>> {
    // SAFETY: callable check of a live object.
    let callable = unsafe { ffi::PyCallable_Check(value.as_ptr()) } != 0;
    let interpreter = value.gil().interpreter_id();
    if !callable {
        return Ok(None);
    }
    let interfaces = env.new_object_array(1, c.class.class)?;
    env.set_array_element(interfaces.as_raw(), 0, iface)?;
    let object = value.clone_ref().into_ptr();
    let args = [
        jvalue {
            l: interfaces.as_raw(),
        },
        jvalue { j: interpreter },
        jvalue { j: object as i64 },
        jvalue { z: true },
    ];
    let proxy = env.call_static_object(c.class.krait_proxy, c.method.proxy_create, &args);
    if !matches!(proxy, Ok(Some(_))) {
        // SAFETY: no proxy took the reference we made above.
        unsafe { ffi::Py_DECREF(object) };
    }
    proxy
}
