//! The native methods of `jep.python.PyAccess`: what a Java `PyObject` or
//! `PyCallable` does to the Python object it holds, on a thread where an
//! interpreter over the object's Python interpreter is open.

use jni::sys::{jboolean, jclass, jint, jlong, jobject, jobjectArray, jstring, jvalue, JNIEnv};
use pyo3::ffi;

use super::entry::entry;
use super::env::{Env, Failure, JResult};
use super::{cache::cache, strings, to_java, to_python};
use crate::core::{self, Error, Gil, PyRef};

/// Runs `work` with the object `pointer` of the Python interpreter `interpreter`
/// (CPython's ID), on a thread where an interpreter over it is open.
fn with_object<T>(
    interpreter: jlong,
    pointer: jlong,
    work: impl for<'py> FnOnce(Gil<'py>, PyRef<'py>) -> JResult<T>,
) -> JResult<T> {
    core::with_interpreter(interpreter, |gil| {
        let object = gil.borrowed(pointer as *mut ffi::PyObject)?;
        Ok(work(gil, object))
    })?
}

fn java_result(env: Env<'_>, value: &PyRef<'_>, target: jclass) -> JResult<jobject> {
    let java = to_java::to_java(env, value, target)?;
    Ok(java.map_or(std::ptr::null_mut(), |j| j.into_raw()))
}

/// `static native Object getAttr(long interpreterId, long pointer, String name, Class<?> target)`
#[unsafe(no_mangle)]
pub extern "system" fn Java_jep_python_PyAccess_getAttr(
    raw: *mut JNIEnv,
    _cls: jclass,
    interpreter: jlong,
    pointer: jlong,
    name: jstring,
    target: jclass,
) -> jobject {
    entry(raw, std::ptr::null_mut(), |env| {
        let name = strings::to_rust(env, name, "attribute name")?;
        with_object(interpreter, pointer, |_, object| {
            java_result(env, &object.getattr(&name)?, target)
        })
    })
}

/// `static native void setAttr(long interpreterId, long pointer, String name, Object value)`
#[unsafe(no_mangle)]
pub extern "system" fn Java_jep_python_PyAccess_setAttr(
    raw: *mut JNIEnv,
    _cls: jclass,
    interpreter: jlong,
    pointer: jlong,
    name: jstring,
    value: jobject,
) {
    entry(raw, (), |env| {
        let name = strings::to_rust(env, name, "attribute name")?;
        with_object(interpreter, pointer, |gil, object| {
            let value = to_python::to_python(env, gil, value)?;
            let key = gil.str(&name)?;
            // SAFETY: live objects; we hold the GIL.
            if unsafe { ffi::PyObject_SetAttr(object.as_ptr(), key.as_ptr(), value.as_ptr()) } != 0
            {
                return Err(gil.take_error().into());
            }
            Ok(())
        })
    })
}

/// `static native void delAttr(long interpreterId, long pointer, String name)`
#[unsafe(no_mangle)]
pub extern "system" fn Java_jep_python_PyAccess_delAttr(
    raw: *mut JNIEnv,
    _cls: jclass,
    interpreter: jlong,
    pointer: jlong,
    name: jstring,
) {
    entry(raw, (), |env| {
        let name = strings::to_rust(env, name, "attribute name")?;
        with_object(interpreter, pointer, |gil, object| {
            let key = gil.str(&name)?;
            // SAFETY: live objects; a null value deletes the attribute.
            if unsafe { ffi::PyObject_SetAttr(object.as_ptr(), key.as_ptr(), std::ptr::null_mut()) }
                != 0
            {
                return Err(gil.take_error().into());
            }
            Ok(())
        })
    })
}

/// `static native Object as(long interpreterId, long pointer, Class<?> target)`
#[unsafe(no_mangle)]
pub extern "system" fn Java_jep_python_PyAccess_as(
    raw: *mut JNIEnv,
    _cls: jclass,
    interpreter: jlong,
    pointer: jlong,
    target: jclass,
) -> jobject {
    entry(raw, std::ptr::null_mut(), |env| {
        with_object(interpreter, pointer, |_, object| {
            java_result(env, &object, target)
        })
    })
}

/// `static native Object call(long interpreterId, long pointer, Object[] args, Map kwargs, Class<?> target)`
#[unsafe(no_mangle)]
pub extern "system" fn Java_jep_python_PyAccess_call(
    raw: *mut JNIEnv,
    _cls: jclass,
    interpreter: jlong,
    pointer: jlong,
    args: jobjectArray,
    kwargs: jobject,
    target: jclass,
) -> jobject {
    entry(raw, std::ptr::null_mut(), |env| {
        with_object(interpreter, pointer, |gil, object| {
            let args = to_python::args_tuple(env, gil, args)?;
            let kwargs = to_python::kwargs_dict(env, gil, kwargs)?;
            java_result(env, &object.call(&args, kwargs.as_ref())?, target)
        })
    })
}

/// `static native Object proxy(long interpreterId, long pointer, Class<?>[] interfaces)`
#[unsafe(no_mangle)]
pub extern "system" fn Java_jep_python_PyAccess_proxy(
    raw: *mut JNIEnv,
    _cls: jclass,
    interpreter: jlong,
    pointer: jlong,
    interfaces: jobjectArray,
) -> jobject {
    entry(raw, std::ptr::null_mut(), |env| {
        with_object(interpreter, pointer, |_, object| {
            let proxy = new_proxy(env, &object, interfaces)?;
            Ok(proxy)
        })
    })
}

/// A Java proxy implementing `interfaces` by calling `object`'s attributes.
pub(crate) fn new_proxy(
    env: Env<'_>,
    object: &PyRef<'_>,
    interfaces: jobjectArray,
) -> JResult<jobject> {
    let c = cache()?;
    let interpreter = object.gil().interpreter_id();
    let pointer = object.clone_ref().into_ptr();
    let args = [
        jvalue { l: interfaces },
        jvalue { j: interpreter },
        jvalue { j: pointer as i64 },
        jvalue { z: false },
    ];
    match env.call_static_object(c.class.krait_proxy, c.method.proxy_create, &args) {
        Ok(Some(proxy)) => Ok(proxy.into_raw()),
        other => {
            // SAFETY: no proxy took the reference made above.
            unsafe { ffi::Py_DECREF(pointer) };
            other?;
            Err(Failure::Core(Error::Conversion(
                "proxy() needs Java interfaces".into(),
            )))
        }
    }
}

/// `static native boolean equals(long interpreterId, long pointer, Object other)`
#[unsafe(no_mangle)]
pub extern "system" fn Java_jep_python_PyAccess_equals(
    raw: *mut JNIEnv,
    _cls: jclass,
    interpreter: jlong,
    pointer: jlong,
    other: jobject,
) -> jboolean {
    entry(raw, false, |env| {
        with_object(interpreter, pointer, |gil, object| {
            let other = to_python::to_python(env, gil, other)?;
            // SAFETY: live objects; we hold the GIL.
            match unsafe {
                ffi::PyObject_RichCompareBool(object.as_ptr(), other.as_ptr(), ffi::Py_EQ)
            } {
                -1 => Err(gil.take_error().into()),
                result => Ok(result == 1),
            }
        })
    })
}

/// `static native int hash(long interpreterId, long pointer)`
#[unsafe(no_mangle)]
pub extern "system" fn Java_jep_python_PyAccess_hash(
    raw: *mut JNIEnv,
    _cls: jclass,
    interpreter: jlong,
    pointer: jlong,
) -> jint {
    entry(raw, 0, |_env| {
        with_object(interpreter, pointer, |gil, object| {
            // SAFETY: a live object; we hold the GIL.
            match unsafe { ffi::PyObject_Hash(object.as_ptr()) } {
                -1 => Err(gil.take_error().into()),
                hash => Ok((hash ^ (hash >> 32)) as jint),
            }
        })
    })
}

/// `static native String str(long interpreterId, long pointer)`
#[unsafe(no_mangle)]
pub extern "system" fn Java_jep_python_PyAccess_str(
    raw: *mut JNIEnv,
    _cls: jclass,
    interpreter: jlong,
    pointer: jlong,
) -> jstring {
    entry(raw, std::ptr::null_mut(), |env| {
        with_object(interpreter, pointer, |gil, object| {
            // SAFETY: a live object; we hold the GIL.
            let text = gil.owned(unsafe { ffi::PyObject_Str(object.as_ptr()) })?;
            Ok(strings::from_python(env, &text)?.into_raw())
        })
    })
}

/// `static native void releaseNow(long interpreterId, long pointer)`
#[unsafe(no_mangle)]
pub extern "system" fn Java_jep_python_PyAccess_releaseNow(
    raw: *mut JNIEnv,
    _cls: jclass,
    interpreter: jlong,
    pointer: jlong,
) {
    entry(raw, (), |_env| {
        Ok(core::with_interpreter(interpreter, |_gil| {
            // SAFETY: the PyObject owned this strong reference; we hold its interpreter's GIL.
            unsafe { ffi::Py_DECREF(pointer as *mut ffi::PyObject) };
            Ok(())
        })?)
    })
}

/// `static native void release(long interpreterId, long pointer)`
#[unsafe(no_mangle)]
pub extern "system" fn Java_jep_python_PyAccess_release(
    raw: *mut JNIEnv,
    _cls: jclass,
    interpreter: jlong,
    pointer: jlong,
) {
    entry(raw, (), |_env| {
        core::release(interpreter, pointer as usize);
        Ok(())
    })
}
