//! Classifying a Python argument once per call: its [`Arg`] kind and, for
//! Java values, the Java object it stands for (a wrapper's object, a Java
//! array, or the `java.lang.Class` of the Python class of a Java class).

use jni::sys::jobject;
use pyo3::ffi;

use super::{Arg, IntFit};
use crate::jni::cache::Cache;
use crate::jni::env::{Env, JResult, Local};
use crate::jni::module::State;
use crate::jni::primitive::Prim;
use crate::jni::to_java;

/// A classified argument.
pub struct Classified<'env> {
    /// Its kind.
    pub arg: Arg,
    /// The Java object a Java argument stands for.
    pub java: Option<jobject>,
    /// Keeps `java` alive when it was looked up (a Java class's `Class`).
    _owned: Option<Local<'env>>,
}

impl Classified<'_> {
    /// A Python value that is not a Java value, of kind `arg`.
    pub fn plain(arg: Arg) -> Self {
        Classified {
            arg,
            java: None,
            _owned: None,
        }
    }

    /// Whether the Java object this argument is, or converts to by default,
    /// is an instance of `class` (false for a null class).
    pub fn fits(&self, env: Env<'_>, c: &Cache, class: jobject) -> bool {
        if class.is_null() {
            return false;
        }
        if let Some(obj) = self.java {
            return env.is_instance(obj, class)
                || Prim::of_class(env, c, class)
                    .is_some_and(|prim| env.is_instance(obj, prim.boxing(c).0));
        }
        let default = match self.arg {
            Arg::Bool => c.class.boolean,
            Arg::Int(IntFit::Big) => c.class.big_integer,
            Arg::Int(_) => c.class.long,
            Arg::Float => c.class.double,
            Arg::Str { .. } => c.class.string,
            _ => return false,
        };
        env.is_assignable(default, class)
    }
}

/// Classifies `item` (a live object; the caller holds the GIL).
pub fn classify<'env>(
    env: Env<'env>,
    state: &State,
    item: *mut ffi::PyObject,
) -> JResult<Classified<'env>> {
    if let Some(obj) = to_java::java_ref(state, item) {
        return Ok(Classified {
            arg: Arg::Java,
            java: Some(obj),
            _owned: None,
        });
    }
    if let Some(class) = to_java::java_class_type(env, state, item)? {
        return Ok(Classified {
            arg: Arg::Java,
            java: Some(class.as_raw()),
            _owned: Some(class),
        });
    }
    Ok(Classified::plain(kind(item)))
}

/// The kind of a Python value that is not a Java value.
pub fn kind(item: *mut ffi::PyObject) -> Arg {
    // SAFETY: type checks and reads of a live object; the caller holds the GIL.
    unsafe {
        if item == ffi::Py_None() {
            return Arg::None;
        }
        if ffi::PyBool_Check(item) != 0 {
            return Arg::Bool;
        }
        if ffi::PyLong_Check(item) != 0 {
            let mut overflow = 0;
            let v = ffi::PyLong_AsLongLongAndOverflow(item, &mut overflow);
            if v == -1 && !ffi::PyErr_Occurred().is_null() {
                ffi::PyErr_Clear();
                return Arg::Other;
            }
            return Arg::Int(if overflow == 0 {
                IntFit::of(v)
            } else {
                IntFit::Big
            });
        }
        if ffi::PyFloat_Check(item) != 0 {
            return Arg::Float;
        }
        if ffi::PyUnicode_Check(item) != 0 {
            let one_unit =
                ffi::PyUnicode_GetLength(item) == 1 && ffi::PyUnicode_ReadChar(item, 0) <= 0xFFFF;
            return Arg::Str { one_unit };
        }
        if ffi::PyBytes_Check(item) != 0 || ffi::PyByteArray_Check(item) != 0 {
            return Arg::Bytes;
        }
        if ffi::PyList_Check(item) != 0 {
            return Arg::List;
        }
        if ffi::PyTuple_Check(item) != 0 {
            return Arg::Tuple;
        }
        if ffi::PyDict_Check(item) != 0 {
            return Arg::Dict;
        }
        if ffi::PyAnySet_Check(item) != 0 {
            return Arg::Set;
        }
        if ffi::PyObject_CheckBuffer(item) != 0 {
            return Arg::Buffer(buffer_kind(item));
        }
        if ffi::PyCallable_Check(item) != 0 {
            return Arg::Callable;
        }
    }
    Arg::Other
}

/// The primitive kind of the items of a buffer-exporting object, if Java has one.
pub fn buffer_kind(item: *mut ffi::PyObject) -> Option<Prim> {
    // SAFETY: an all-zero Py_buffer is valid for GetBuffer to fill; a filled
    // view is released before returning; the caller holds the GIL.
    unsafe {
        let mut view: ffi::Py_buffer = std::mem::zeroed();
        if ffi::PyObject_GetBuffer(item, &mut view, ffi::PyBUF_RECORDS_RO) != 0 {
            ffi::PyErr_Clear();
            return None;
        }
        let format = if view.format.is_null() {
            "B".to_string()
        } else {
            std::ffi::CStr::from_ptr(view.format)
                .to_string_lossy()
                .into_owned()
        };
        let prim = Prim::from_format(&format, view.itemsize as usize);
        ffi::PyBuffer_Release(&mut view);
        prim
    }
}
