//! numpy support: `jep.NDArray` (a copy) and `jep.DirectNDArray` (shared
//! memory) become `numpy.ndarray`s and back, an ndarray converts to a Java
//! primitive array, and numpy scalars convert like the Python numbers they hold.
//!
//! numpy is reached only through Python-level calls (`numpy.empty`,
//! `numpy.ndarray(…, buffer=…)`, the helpers of `bootstrap.py` in the `jep`
//! module), never through its C API, so nothing here depends on how numpy was
//! built or on which interpreter imported it. numpy is imported only when a
//! Java array needs it; a Python object can only be an ndarray or a numpy
//! scalar once Python imported numpy itself.
//!
//! The hooks into the generic conversions are the lines marked
//! "krait numpy hook" in `to_python.rs`, `to_java.rs`, `types/method.rs`,
//! `cache.rs`, `module/mod.rs` and `module/state.rs`.

pub mod cached;
mod exporter;
mod from_java;
pub mod java;
mod to_java;

use std::ffi::{c_int, CStr};

use pyo3::ffi;

pub use from_java::to_python;
pub use to_java::{overload_key, score, to_java};

use crate::core::{Error, Gil, PyRef, Result};
use crate::jni::env::Failure;
use crate::jni::to_java::Target;

/// What kind of numpy object a Python value is.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// A `numpy.ndarray` (or a subclass).
    Array,
    /// A numpy scalar (`numpy.generic`: `np.int32(5)`, `np.float64(1.5)`, `np.True_`).
    Scalar,
}

/// The numpy kind of `obj`, found by the names of the types in its MRO, so
/// it costs no import and no attribute lookup.
fn kind(obj: *mut ffi::PyObject) -> Option<Kind> {
    // SAFETY: a live object has a ready type whose tp_mro is a tuple of types
    // (or null while the type is being built); tp_name is a C string.
    unsafe {
        let tp = ffi::Py_TYPE(obj);
        // The commonest arguments, exact builtin scalars, are no numpy values
        // (a shortcut: overload scoring asks once per candidate and argument).
        if obj == ffi::Py_None()
            || tp == &raw mut ffi::PyLong_Type
            || tp == &raw mut ffi::PyFloat_Type
            || tp == &raw mut ffi::PyUnicode_Type
            || tp == &raw mut ffi::PyBool_Type
        {
            return None;
        }
        let mro = (*tp).tp_mro;
        if mro.is_null() {
            return None;
        }
        for index in 0..ffi::PyTuple_GET_SIZE(mro) {
            let tp = ffi::PyTuple_GET_ITEM(mro, index).cast::<ffi::PyTypeObject>();
            if !starts_with_numpy((*tp).tp_name) {
                continue;
            }
            match CStr::from_ptr((*tp).tp_name).to_bytes() {
                b"numpy.ndarray" => return Some(Kind::Array),
                b"numpy.generic" => return Some(Kind::Scalar),
                _ => {}
            }
        }
        None
    }
}

/// Whether a type name starts with `numpy.`, read only up to the first
/// difference (most names differ at once), without measuring the name.
///
/// # Safety
/// `name` is a NUL-terminated C string.
unsafe fn starts_with_numpy(name: *const std::ffi::c_char) -> bool {
    b"numpy."
        .iter()
        .enumerate()
        // SAFETY: the comparison stops at the first mismatch, at the latest at
        // the NUL, so no byte past the string is read.
        .all(|(index, &want)| unsafe { *name.add(index) } as u8 == want)
}

/// Whether a numpy scalar converting to `target` converts as the Python
/// number it holds (not for targets that keep the Python object itself).
fn as_number(target: Target) -> bool {
    matches!(
        target,
        Target::Object
            | Target::Prim(_)
            | Target::Boxed(_)
            | Target::Number
            | Target::BigInteger
            | Target::Other(_)
    )
}

/// `value` and `target`, or for a numeric numpy scalar converting to `target`
/// the Python number (or bool) it holds, so it converts like one. For `Object`
/// the target becomes the box of the scalar's type, as in Jep: `float32` is a
/// `Float`, `int16` a `Short`, `bool_` a `Boolean` (unsigned ones stay numbers).
pub fn plain<'py>(value: &PyRef<'py>, target: Target) -> (PyRef<'py>, Target) {
    if kind(value.as_ptr()) == Some(Kind::Scalar) && as_number(target) {
        if let Some(item) = item(value) {
            let target = match target {
                Target::Object => to_java::scalar_prim(value).map_or(target, Target::Boxed),
                other => other,
            };
            return (item, target);
        }
    }
    (value.clone_ref(), target)
}

/// `scalar.item()` when that is a Python int, bool or float; None (with any
/// error cleared) otherwise, so strings, dates and complex numbers stay as they are.
fn item<'py>(scalar: &PyRef<'py>) -> Option<PyRef<'py>> {
    let method = scalar.getattr_opt(c"item")?;
    // SAFETY: calling a live bound method without arguments; we hold the GIL.
    let result = unsafe { ffi::PyObject_CallNoArgs(method.as_ptr()) };
    if result.is_null() {
        // SAFETY: clearing the failed call's error with the GIL held.
        unsafe { ffi::PyErr_Clear() };
        return None;
    }
    let result = scalar.gil().owned(result).ok()?;
    // SAFETY: type checks of a live object.
    let number = unsafe {
        ffi::PyLong_Check(result.as_ptr()) != 0 || ffi::PyFloat_Check(result.as_ptr()) != 0
    };
    number.then_some(result)
}

/// A Python buffer view of an object, released when dropped (while the
/// borrowed reference, and so the GIL, is still held).
struct View<'a> {
    view: ffi::Py_buffer,
    _owner: std::marker::PhantomData<&'a ()>,
}

impl<'a> View<'a> {
    /// `PyObject_GetBuffer` for a C-contiguous view of `obj`.
    fn c_contiguous(obj: &'a PyRef<'_>, writable: bool) -> Result<View<'a>> {
        let mut flags: c_int = ffi::PyBUF_C_CONTIGUOUS;
        if writable {
            flags |= ffi::PyBUF_WRITABLE;
        }
        // SAFETY: an all-zero Py_buffer is a valid "empty" value for GetBuffer to fill.
        let mut view: ffi::Py_buffer = unsafe { std::mem::zeroed() };
        // SAFETY: a live object and a view to fill; we hold the GIL.
        if unsafe { ffi::PyObject_GetBuffer(obj.as_ptr(), &mut view, flags) } != 0 {
            return Err(obj.gil().take_error());
        }
        Ok(View {
            view,
            _owner: std::marker::PhantomData,
        })
    }

    /// The start of the memory.
    fn buf(&self) -> *mut std::ffi::c_void {
        self.view.buf
    }

    /// The length of the memory in bytes.
    fn len(&self) -> usize {
        self.view.len as usize
    }
}

impl Drop for View<'_> {
    fn drop(&mut self) {
        // SAFETY: the view was filled by a successful GetBuffer; the GIL is held
        // while the object it was taken from is borrowed.
        unsafe { ffi::PyBuffer_Release(&mut self.view) };
    }
}

/// A conversion failure with `text` as its message.
fn failure(text: &str) -> Failure {
    Failure::Core(Error::Conversion(text.into()))
}

/// A helper function defined by the numpy section of the `jep` bootstrap.
fn helper<'py>(gil: Gil<'py>, name: &str) -> Result<PyRef<'py>> {
    crate::jni::module::current(gil)?.attr(gil, name)
}
