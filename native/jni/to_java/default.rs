//! The default conversion (target `Object`): `bool`, `int`, `float`, `str`,
//! containers and buffers as their Java counterparts, any other value as a
//! `PyObject`; and its form without a Java call, [`Unboxed`].

use jni::sys::{jobject, jvalue};
use pyo3::ffi;

use super::{conversion, dict, primitive_array, py_object, sequence_to_list, set, Prim};
use crate::core::PyRef;
use crate::jni::cache::Cache;
use crate::jni::env::{jobj, Env, JResult, Local};
use crate::jni::strings;

/// The default conversion of `None`, `bool` and exact `int`, `float` and
/// `str` values, which are never Java wrappers nor numpy objects: the
/// result `convert` reaches for them after its general checks, without them.
pub(super) fn exact_builtin<'env>(
    env: Env<'env>,
    c: &Cache,
    value: &PyRef<'_>,
) -> JResult<Option<Option<Local<'env>>>> {
    match unboxed(value) {
        Some(Unboxed::Null) => return Ok(Some(None)),
        Some(Unboxed::Value(prim, v)) => {
            return boxed(env, c, prim, v).map(|java| Some(Some(java)))
        }
        None => {}
    }
    let obj = value.as_ptr();
    // SAFETY: exact type checks of a live object.
    let exact = unsafe {
        ffi::PyLong_CheckExact(obj) != 0
            || ffi::PyFloat_CheckExact(obj) != 0
            || ffi::PyUnicode_CheckExact(obj) != 0
    };
    if !exact {
        return Ok(None);
    }
    default(env, c, value).map(|java| Some(Some(java)))
}

/// The default conversion of a value that becomes `null` or a boxed primitive
/// without a Java call (as [`to_java`](super::to_java) with target `Object` converts it).
#[derive(Clone, Copy)]
pub enum Unboxed {
    /// `None`: `null`.
    Null,
    /// `bool` (`Boolean`), an exact `int` that fits a `long` (`Long`), or an
    /// exact `float` (`Double`).
    Value(Prim, jvalue),
}

/// [`Unboxed`] for `None`, `bool` and an exact `int` (in the range of a `long`)
/// or `float`; `None` for every other value.
pub fn unboxed(value: &PyRef<'_>) -> Option<Unboxed> {
    let obj = value.as_ptr();
    // SAFETY: identity and exact type checks and reads of a live object; we hold the GIL.
    unsafe {
        if obj == ffi::Py_None() {
            return Some(Unboxed::Null);
        }
        if ffi::PyBool_Check(obj) != 0 {
            let z = obj == ffi::Py_True();
            return Some(Unboxed::Value(Prim::Boolean, jvalue { z }));
        }
        if ffi::PyLong_CheckExact(obj) != 0 {
            let j = as_i64(value)?;
            return Some(Unboxed::Value(Prim::Long, jvalue { j }));
        }
        if ffi::PyFloat_CheckExact(obj) != 0 {
            let d = ffi::PyFloat_AS_DOUBLE(obj);
            return Some(Unboxed::Value(Prim::Double, jvalue { d }));
        }
    }
    None
}

/// The box [`Unboxed::Value`] stands for (`Boolean`, `Long` or `Double`).
pub fn boxed<'env>(env: Env<'env>, c: &Cache, prim: Prim, value: jvalue) -> JResult<Local<'env>> {
    // SAFETY: `unboxed` makes values of exactly these kinds.
    unsafe {
        match prim {
            Prim::Boolean => crate::jni::boxes::boolean(env, c, value.z),
            Prim::Double => crate::jni::boxes::double(env, c, value.d),
            _ => crate::jni::boxes::long(env, c, value.j),
        }
    }
}

/// The default conversion (target `Object`).
pub(super) fn default<'env>(env: Env<'env>, c: &Cache, value: &PyRef<'_>) -> JResult<Local<'env>> {
    let obj = value.as_ptr();
    // SAFETY: type checks and reads of a live object; we hold the GIL.
    unsafe {
        if obj == ffi::Py_True() || obj == ffi::Py_False() {
            return crate::jni::boxes::boolean(env, c, obj == ffi::Py_True());
        }
        if ffi::PyLong_Check(obj) != 0 {
            return integer(env, c, value, false);
        }
        if ffi::PyFloat_Check(obj) != 0 {
            let d = ffi::PyFloat_AS_DOUBLE(obj);
            return crate::jni::boxes::double(env, c, d);
        }
        if ffi::PyUnicode_Check(obj) != 0 {
            return strings::from_python(env, value);
        }
        if ffi::PyBytes_Check(obj) != 0 || ffi::PyByteArray_Check(obj) != 0 {
            return primitive_array(env, c, value, Prim::Byte, c.class.byte_array);
        }
        if ffi::PyList_Check(obj) != 0 {
            return sequence_to_list(env, c, value, false);
        }
        if ffi::PyTuple_Check(obj) != 0 {
            return sequence_to_list(env, c, value, true);
        }
        if ffi::PyDict_Check(obj) != 0 {
            return dict(env, c, value);
        }
        if ffi::PyAnySet_Check(obj) != 0 {
            return set(env, c, value);
        }
        if ffi::PyObject_CheckBuffer(obj) != 0 {
            if let Some(prim) = crate::jni::overload::classify::buffer_kind(obj) {
                return primitive_array(env, c, value, prim, prim.array_class(c));
            }
        }
    }
    py_object(env, c, value)
}

pub(super) fn static_box<'env>(
    env: Env<'env>,
    cls: jobject,
    method: jni::sys::jmethodID,
    arg: jvalue,
) -> JResult<Local<'env>> {
    env.call_static_object(cls, method, &[arg])?
        .ok_or_else(|| conversion("boxing returned null".into()))
}

/// A Python int as `Long`, or `BigInteger` when it does not fit (or when
/// asked). Big values cross as two's-complement bytes, never decimal text.
pub(super) fn integer<'env>(
    env: Env<'env>,
    c: &Cache,
    value: &PyRef<'_>,
    big: bool,
) -> JResult<Local<'env>> {
    if !big {
        if let Some(v) = as_i64(value) {
            return crate::jni::boxes::long(env, c, v);
        }
    }
    let bytes = crate::jni::bigint::to_be_bytes(value)?;
    let array = Prim::Byte.array_from_bytes(env, &bytes)?;
    env.new_object(
        c.class.big_integer,
        c.method.big_integer_new,
        &[jobj(array.as_raw())],
    )
}

/// The value of a Python int if it fits in an i64.
pub(super) fn as_i64(value: &PyRef<'_>) -> Option<i64> {
    let mut overflow = 0;
    // SAFETY: value is a live int; errors are cleared.
    let v = unsafe { ffi::PyLong_AsLongLongAndOverflow(value.as_ptr(), &mut overflow) };
    // SAFETY: we hold the GIL.
    if v == -1 && !unsafe { ffi::PyErr_Occurred() }.is_null() {
        // SAFETY: we hold the GIL.
        unsafe { ffi::PyErr_Clear() };
        return None;
    }
    (overflow == 0).then_some(v)
}
