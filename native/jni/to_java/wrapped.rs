//! Python values that already stand for Java: wrappers of Java objects (and
//! Python exceptions mirroring Java throwables), and Python classes of Java classes.

use jni::sys::jobject;
use pyo3::ffi;

use crate::core::PyRef;
use crate::jni::env::{Env, JResult, Local};
use crate::jni::module::State;
use crate::jni::types::{array, object};

/// The Java object behind a Python value, if it wraps one: a `PyJObject`, a
/// `PyJArray`, or a Python exception mirroring a Java throwable.
pub fn java_ref(state: &State, value: *mut ffi::PyObject) -> Option<jobject> {
    if let Some(obj) = object::java_ref(state, value).or_else(|| array::java_ref(state, value)) {
        return Some(obj);
    }
    // SAFETY: type check of a live object.
    if unsafe { ffi::PyExceptionInstance_Check(value) } == 0 {
        return None;
    }
    // SAFETY: attribute lookup on a live exception; a missing one is cleared.
    unsafe {
        let inner = ffi::PyObject_GetAttrString(value, c"java_exception".as_ptr());
        if inner.is_null() {
            ffi::PyErr_Clear();
            return None;
        }
        let found = object::java_ref(state, inner);
        ffi::Py_DECREF(inner);
        found
    }
}

/// `java_ref` for values that may wrap Java (only instances of heap types can).
pub(super) fn wrapped_java(value: &PyRef<'_>) -> JResult<Option<jobject>> {
    // SAFETY: reading the type flags of a live object.
    let heap =
        unsafe { ffi::PyType_HasFeature(ffi::Py_TYPE(value.as_ptr()), ffi::Py_TPFLAGS_HEAPTYPE) }
            != 0;
    if !heap {
        return Ok(None);
    }
    let state = crate::jni::module::current(value.gil())?;
    Ok(java_ref(state, value.as_ptr()))
}

/// The `java.lang.Class` of `value` when it is the Python class of a Java
/// class (a `PyJObject` subclass or a Java exception class with `java_name`).
pub fn java_class_type<'env>(
    env: Env<'env>,
    state: &State,
    value: *mut ffi::PyObject,
) -> JResult<Option<Local<'env>>> {
    // SAFETY: type checks of a live object; the caller holds the GIL.
    let is_java_type = unsafe {
        ffi::PyType_Check(value) != 0
            && (ffi::PyType_IsSubtype(value.cast(), state.object_type) != 0
                || ffi::PyType_IsSubtype(value.cast(), ffi::PyExc_BaseException.cast()) != 0)
    };
    if !is_java_type {
        return Ok(None);
    }
    // SAFETY: attribute lookup on a live type; a missing attribute is cleared.
    let name = unsafe { ffi::PyObject_GetAttrString(value, c"java_name".as_ptr()) };
    if name.is_null() {
        // SAFETY: clearing the AttributeError with the GIL held.
        unsafe { ffi::PyErr_Clear() };
        return Ok(None);
    }
    // SAFETY: `name` is a new reference we own; the GIL is held.
    let gil = unsafe { crate::core::Gil::assume() };
    let name = gil.owned(name)?;
    // SAFETY: type check of a live object.
    if unsafe { ffi::PyUnicode_Check(name.as_ptr()) } == 0 {
        return Ok(None);
    }
    let class = crate::jni::types::class::find_class(env, state, &name.text_lossy())?;
    Ok(Some(class))
}
