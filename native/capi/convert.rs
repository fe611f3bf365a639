//! Conversions between `KraitValue` trees and Python objects, with the GIL of
//! the interpreter held. Nesting is limited to [`MAX_DEPTH`] levels, which also
//! stops Python containers that contain themselves.

use pyo3::ffi;

use super::value::{Blob, KraitValue, Text, Value};
use crate::core::{tuple, Error, Gil, PyRef, Result};

/// The deepest nesting of lists and dicts converted in either direction.
pub(super) const MAX_DEPTH: usize = 256;

fn too_deep() -> Error {
    Error::Conversion(format!(
        "the value is nested deeper than {MAX_DEPTH} levels (or contains itself)"
    ))
}

/// A new Python object for `value`.
pub(super) fn to_python<'py>(gil: Gil<'py>, value: &KraitValue) -> Result<PyRef<'py>> {
    to_python_at(gil, value, 0, false)
}

/// Converts `value` at nesting `depth`; as a dict key (`as_key`) lists become
/// tuples, so keys that came from Python tuples go back as tuples.
fn to_python_at<'py>(
    gil: Gil<'py>,
    value: &KraitValue,
    depth: usize,
    as_key: bool,
) -> Result<PyRef<'py>> {
    match &value.0 {
        Value::None => Ok(gil.none()),
        // SAFETY: we hold the GIL; the constructor returns a new reference or NULL.
        Value::Bool(b) => gil.owned(unsafe { ffi::PyBool_FromLong((*b).into()) }),
        // SAFETY: as above.
        Value::Int(n) => gil.owned(unsafe { ffi::PyLong_FromLongLong(*n) }),
        // SAFETY: as above.
        Value::Float(x) => gil.owned(unsafe { ffi::PyFloat_FromDouble(*x) }),
        Value::Str(text) => gil.str(text.as_str()),
        Value::Bytes(blob) => {
            let data = blob.as_slice();
            // SAFETY: pointer and length describe `data`; we hold the GIL.
            gil.owned(unsafe {
                ffi::PyBytes_FromStringAndSize(data.as_ptr().cast(), data.len() as ffi::Py_ssize_t)
            })
        }
        Value::List(items) => {
            if depth >= MAX_DEPTH {
                return Err(too_deep());
            }
            let items = items
                .iter()
                .map(|item| to_python_at(gil, item, depth + 1, as_key))
                .collect::<Result<Vec<_>>>()?;
            if as_key {
                return tuple(gil, items);
            }
            // SAFETY: we hold the GIL.
            let list = gil.owned(unsafe { ffi::PyList_New(items.len() as ffi::Py_ssize_t) })?;
            for (index, item) in items.into_iter().enumerate() {
                // SAFETY: the list is new with room for every item; SET_ITEM steals it.
                unsafe {
                    ffi::PyList_SET_ITEM(list.as_ptr(), index as ffi::Py_ssize_t, item.into_ptr())
                };
            }
            Ok(list)
        }
        Value::Dict(pairs) => {
            if depth >= MAX_DEPTH {
                return Err(too_deep());
            }
            // SAFETY: we hold the GIL.
            let dict = gil.owned(unsafe { ffi::PyDict_New() })?;
            for (key, item) in pairs {
                let key = to_python_at(gil, key, depth + 1, true)?;
                let item = to_python_at(gil, item, depth + 1, false)?;
                // SAFETY: dict is a dict; key and item are live.
                if unsafe { ffi::PyDict_SetItem(dict.as_ptr(), key.as_ptr(), item.as_ptr()) } != 0 {
                    return Err(gil.take_error());
                }
            }
            Ok(dict)
        }
    }
}

/// The `KraitValue` for a Python object: None, bool, int (64-bit), float, str,
/// bytes/bytearray, list/tuple and dict (subclasses included).
pub(super) fn from_python(obj: &PyRef<'_>) -> Result<KraitValue> {
    from_python_at(obj, 0)
}

fn from_python_at(obj: &PyRef<'_>, depth: usize) -> Result<KraitValue> {
    let value = match Kind::of(obj) {
        Kind::None => Value::None,
        Kind::Bool(b) => Value::Bool(b),
        Kind::Int => Value::Int(int(obj)?),
        // SAFETY: obj is a float; we hold the GIL.
        Kind::Float => Value::Float(unsafe { ffi::PyFloat_AsDouble(obj.as_ptr()) }),
        Kind::Str => Value::Str(text(obj)?),
        Kind::Bytes => Value::Bytes(bytes(obj)?),
        Kind::Sequence => Value::List(sequence(obj, depth)?),
        Kind::Dict => Value::Dict(dict(obj, depth)?),
        Kind::Other => {
            return Err(Error::Conversion(format!(
                "cannot convert Python object of type '{}' to a krait value",
                obj.type_name()
            )))
        }
    };
    Ok(KraitValue(value))
}

/// What a Python object converts as.
enum Kind {
    None,
    Bool(bool),
    Int,
    Float,
    Str,
    Bytes,
    Sequence,
    Dict,
    Other,
}

impl Kind {
    fn of(obj: &PyRef<'_>) -> Kind {
        let ptr = obj.as_ptr();
        // SAFETY: `ptr` is a live object and we hold the GIL; the checks only read its type.
        unsafe {
            if ptr == ffi::Py_None() {
                Kind::None
            } else if ffi::PyBool_Check(ptr) != 0 {
                Kind::Bool(ptr == ffi::Py_True())
            } else if ffi::PyLong_Check(ptr) != 0 {
                Kind::Int
            } else if ffi::PyFloat_Check(ptr) != 0 {
                Kind::Float
            } else if ffi::PyUnicode_Check(ptr) != 0 {
                Kind::Str
            } else if ffi::PyBytes_Check(ptr) != 0 || ffi::PyByteArray_Check(ptr) != 0 {
                Kind::Bytes
            } else if ffi::PyList_Check(ptr) != 0 || ffi::PyTuple_Check(ptr) != 0 {
                Kind::Sequence
            } else if ffi::PyDict_Check(ptr) != 0 {
                Kind::Dict
            } else {
                Kind::Other
            }
        }
    }
}

fn int(obj: &PyRef<'_>) -> Result<i64> {
    let mut overflow = 0;
    // SAFETY: obj is an int; we hold the GIL.
    let n = unsafe { ffi::PyLong_AsLongLongAndOverflow(obj.as_ptr(), &mut overflow) };
    if overflow != 0 {
        return Err(Error::Conversion(format!(
            "Python int {} does not fit in 64 bits (KRAIT_TAG_INT is int64_t)",
            int_text(obj)
        )));
    }
    // SAFETY: checking for an error of the conversion; we hold the GIL.
    if n == -1 && !unsafe { ffi::PyErr_Occurred() }.is_null() {
        return Err(obj.gil().take_error());
    }
    Ok(n)
}

/// The decimal digits of a (large) int, shortened in the middle when long.
fn int_text(obj: &PyRef<'_>) -> String {
    let gil = obj.gil();
    // SAFETY: obj is an int; PyNumber_ToBase does not call overridable methods.
    let Ok(digits) = gil.owned(unsafe { ffi::PyNumber_ToBase(obj.as_ptr(), 10) }) else {
        return "(too many digits to show)".into();
    };
    let digits = digits.text_lossy();
    if digits.len() <= 60 {
        digits
    } else {
        format!(
            "{}...{} ({} digits)",
            &digits[..20],
            &digits[digits.len() - 20..],
            digits.len()
        )
    }
}

fn text(obj: &PyRef<'_>) -> Result<Text> {
    let mut len: ffi::Py_ssize_t = 0;
    // SAFETY: obj is a str; the UTF-8 buffer is cached in it and lives as long as obj.
    let data = unsafe { ffi::PyUnicode_AsUTF8AndSize(obj.as_ptr(), &mut len) };
    if data.is_null() {
        let why = match obj.gil().take_error() {
            Error::Python(exc) => exc.text,
            other => other.to_string(),
        };
        return Err(Error::Conversion(format!(
            "cannot convert Python str to UTF-8: {why}"
        )));
    }
    // SAFETY: data points to `len` bytes of valid UTF-8 owned by obj.
    let bytes = unsafe { std::slice::from_raw_parts(data.cast::<u8>(), len as usize) };
    std::str::from_utf8(bytes)
        .map(Text::new)
        .map_err(|e| Error::Conversion(format!("Python returned invalid UTF-8: {e}")))
}

fn bytes(obj: &PyRef<'_>) -> Result<Blob> {
    let ptr = obj.as_ptr();
    // SAFETY: obj is a bytes or bytearray object; we hold the GIL, and the
    // buffer stays valid (no Python code runs) while we copy it.
    unsafe {
        let (data, len) = if ffi::PyBytes_Check(ptr) != 0 {
            (ffi::PyBytes_AsString(ptr), ffi::PyBytes_Size(ptr))
        } else {
            (ffi::PyByteArray_AsString(ptr), ffi::PyByteArray_Size(ptr))
        };
        if data.is_null() || len < 0 {
            return Err(obj.gil().take_error());
        }
        Ok(Blob::new(std::slice::from_raw_parts(
            data.cast::<u8>(),
            len as usize,
        )))
    }
}

#[allow(clippy::vec_box)] // the boxes of `Value::List`
fn sequence(obj: &PyRef<'_>, depth: usize) -> Result<Vec<Box<KraitValue>>> {
    if depth >= MAX_DEPTH {
        return Err(too_deep());
    }
    let gil = obj.gil();
    let ptr = obj.as_ptr();
    // SAFETY: obj is a list or tuple; we hold the GIL.
    let is_list = unsafe { ffi::PyList_Check(ptr) } != 0;
    let mut items = Vec::new();
    let mut index = 0;
    loop {
        // SAFETY: as above; the size is read again each time in case the list changed.
        let size = unsafe {
            if is_list {
                ffi::PyList_Size(ptr)
            } else {
                ffi::PyTuple_Size(ptr)
            }
        };
        if index >= size {
            break;
        }
        // SAFETY: index is in range; the item is borrowed, and `borrowed` takes a strong reference.
        let item = gil.borrowed(unsafe {
            if is_list {
                ffi::PyList_GetItem(ptr, index)
            } else {
                ffi::PyTuple_GetItem(ptr, index)
            }
        })?;
        items.push(Box::new(from_python_at(&item, depth + 1)?));
        index += 1;
    }
    Ok(items)
}

fn dict(obj: &PyRef<'_>, depth: usize) -> Result<Vec<(Box<KraitValue>, Box<KraitValue>)>> {
    if depth >= MAX_DEPTH {
        return Err(too_deep());
    }
    let gil = obj.gil();
    let mut pairs = Vec::new();
    let mut position: ffi::Py_ssize_t = 0;
    let mut key = std::ptr::null_mut();
    let mut value = std::ptr::null_mut();
    // SAFETY: obj is a dict; PyDict_Next hands out borrowed references, which we
    // turn into strong ones before converting (conversion runs no Python code
    // that could change the dict, except when it fails and we stop).
    while unsafe { ffi::PyDict_Next(obj.as_ptr(), &mut position, &mut key, &mut value) } != 0 {
        let key = gil.borrowed(key)?;
        let value = gil.borrowed(value)?;
        pairs.push((
            Box::new(from_python_at(&key, depth + 1)?),
            Box::new(from_python_at(&value, depth + 1)?),
        ));
    }
    Ok(pairs)
}
