//! A Python value as one Java primitive, by Jep's coercion rules, and why it
//! is not one.

use jni::sys::jvalue;
use pyo3::ffi;

use super::default::as_i64;
use super::{conversion, is_int, Prim};
use crate::core::{Error, PyRef};
use crate::jni::env::Failure;

/// Why a Python value is no primitive of the requested kind.
#[derive(Debug)]
pub enum ScalarError {
    /// The value has the wrong type (the text may explain more).
    Mismatch(String),
    /// A number out of the kind's range.
    Overflow(String),
}

impl ScalarError {
    /// The failure to report for `value` and `prim`: a `TypeError` naming both
    /// for a mismatch, an `OverflowError` for a value out of range.
    pub fn failure(self, value: &PyRef<'_>, java: &str) -> Failure {
        let (why, overflow) = match self {
            ScalarError::Mismatch(why) => (why, false),
            ScalarError::Overflow(why) => (why, true),
        };
        let why = if why.is_empty() {
            String::new()
        } else {
            format!(": {why}")
        };
        let text = format!("Cannot convert Python {} to {java}{why}", value.type_name());
        if !overflow {
            return conversion(text);
        }
        Failure::Core(Error::Python(crate::core::PyException {
            type_repr: "<class 'OverflowError'>".into(),
            type_name: "OverflowError".into(),
            text,
            frames: Vec::new(),
            cause: None,
        }))
    }
}

/// A Python value as a primitive `jvalue` of kind `prim`, by Jep's rules: a
/// primitive `boolean` takes any value by its truth; integers take an `int`
/// in range (and a `bool`, unless `boxed`); floating kinds take a `float`
/// (and an `int` or `bool`, unless `boxed`); `char` a one-unit `str`.
pub fn scalar(value: &PyRef<'_>, prim: Prim, boxed: bool) -> Result<jvalue, ScalarError> {
    let obj = value.as_ptr();
    let mismatch = || ScalarError::Mismatch(String::new());
    // SAFETY: type checks on a live object.
    let (is_bool, is_float) =
        unsafe { (ffi::PyBool_Check(obj) != 0, ffi::PyFloat_Check(obj) != 0) };
    let numeric_ok = is_int(obj) || (is_bool && !boxed);
    if let Some((min, max)) = prim.int_range() {
        if !numeric_ok {
            return Err(mismatch());
        }
        let v = match as_i64(value) {
            Some(v) if (min..=max).contains(&v) => v,
            _ => {
                return Err(ScalarError::Overflow(format!(
                    "{} is out of range",
                    value.str_lossy()
                )))
            }
        };
        return Ok(match prim {
            Prim::Byte => jvalue { b: v as i8 },
            Prim::Short => jvalue { s: v as i16 },
            Prim::Int => jvalue { i: v as i32 },
            _ => jvalue { j: v },
        });
    }
    match prim {
        Prim::Boolean if boxed => {
            if !is_bool {
                return Err(mismatch());
            }
            // SAFETY: reading the True singleton's address.
            let py_true = unsafe { ffi::Py_True() };
            Ok(jvalue { z: obj == py_true })
        }
        Prim::Boolean => {
            // SAFETY: a truth test of a live object; the GIL is held.
            let truth = unsafe { ffi::PyObject_IsTrue(obj) };
            if truth < 0 {
                // SAFETY: clearing the error of a failing __bool__.
                unsafe { ffi::PyErr_Clear() };
                return Err(ScalarError::Mismatch("its truth value failed".into()));
            }
            Ok(jvalue { z: truth == 1 })
        }
        Prim::Float | Prim::Double => {
            // A boxed Float/Double takes only a Python float (as in Jep).
            if !is_float && (boxed || !numeric_ok) {
                return Err(mismatch());
            }
            // SAFETY: a float or int; errors (overflow) are cleared.
            let d = unsafe { ffi::PyFloat_AsDouble(obj) };
            // SAFETY: we hold the GIL.
            if d == -1.0 && !unsafe { ffi::PyErr_Occurred() }.is_null() {
                // SAFETY: we hold the GIL.
                unsafe { ffi::PyErr_Clear() };
                return Err(ScalarError::Overflow(format!(
                    "{} is out of range",
                    value.str_lossy()
                )));
            }
            Ok(if prim == Prim::Float {
                jvalue { f: d as f32 }
            } else {
                jvalue { d }
            })
        }
        _ => {
            // SAFETY: type check on a live object.
            if unsafe { ffi::PyUnicode_Check(obj) } == 0 {
                return Err(mismatch());
            }
            // SAFETY: obj is a str.
            let len = unsafe { ffi::PyUnicode_GetLength(obj) };
            let point = if len == 1 {
                // SAFETY: index 0 exists when len == 1.
                unsafe { ffi::PyUnicode_ReadChar(obj, 0) }
            } else {
                u32::MAX
            };
            if point > 0xFFFF {
                return Err(ScalarError::Mismatch(
                    "expected a str of one UTF-16 code unit".into(),
                ));
            }
            Ok(jvalue { c: point as u16 })
        }
    }
}
