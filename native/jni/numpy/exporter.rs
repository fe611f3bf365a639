//! `jep.DirectBuffer`: the memory of a Java direct buffer, exported through
//! Python's buffer protocol. It is the `base` of the ndarray made for a
//! `DirectNDArray` and holds a JNI global reference to that DirectNDArray, so
//! the Java buffer (whose memory it is) stays alive as long as any ndarray or
//! memoryview over it; the reference is released when Python frees it.
//!
//! The type is made per interpreter, on first use, and kept in the `jep`
//! module's namespace.

use std::ffi::{c_int, c_void, CStr};

use jni::sys::jobject;
use pyo3::ffi;

use super::cached::{attr, Name};
use crate::core::{Gil, PyRef, Result};
use crate::jni::env::Env;
use crate::jni::module::State;
use crate::jni::types::object::{new_type, slot_def};
use crate::jni::types::refs;

/// The memory layout of a `jep.DirectBuffer`.
#[repr(C)]
pub struct Exporter {
    ob_base: ffi::PyObject,
    /// A JNI global reference to the `DirectNDArray`.
    pub owner: jobject,
    /// The buffer's memory.
    buf: *mut c_void,
    /// Its length in bytes.
    len: ffi::Py_ssize_t,
    /// Whether the Java buffer is read-only.
    readonly: bool,
    /// [`key`] of the ndarray made over the memory (owned, or null).
    pub key: *mut ffi::PyObject,
    /// A weak reference to that ndarray (owned, or null).
    made: *mut ffi::PyObject,
}

/// The attribute of the `jep` module holding the type.
const TYPE_ATTR: &CStr = c"_DirectBuffer";

/// The interpreter's `jep.DirectBuffer` type (borrowed from the module), if
/// it was made.
fn existing_type(state: &State) -> Option<*mut ffi::PyTypeObject> {
    // SAFETY: the module is live and its dict borrowed from it; GetItemString
    // returns a borrowed reference and raises nothing. The caller holds the GIL.
    let found = unsafe {
        ffi::PyDict_GetItemString(ffi::PyModule_GetDict(state.module), TYPE_ATTR.as_ptr())
    };
    (!found.is_null()).then(|| found.cast())
}

/// The interpreter's `jep.DirectBuffer` type (borrowed from the module), made
/// on first use.
fn exporter_type(gil: Gil<'_>, state: &State) -> Result<*mut ffi::PyTypeObject> {
    if let Some(tp) = existing_type(state) {
        return Ok(tp);
    }
    let mut slots = [
        slot_def(ffi::Py_tp_dealloc, dealloc as *mut c_void),
        slot_def(ffi::Py_bf_getbuffer, get_buffer as *mut c_void),
        slot_def(
            ffi::Py_tp_doc,
            c"The memory of a Java direct buffer (the base of a DirectNDArray's ndarray).".as_ptr()
                as *mut c_void,
        ),
        slot_def(0, std::ptr::null_mut()),
    ];
    let tp = new_type(
        gil,
        state.module,
        c"jep.DirectBuffer",
        std::mem::size_of::<Exporter>(),
        ffi::Py_TPFLAGS_DISALLOW_INSTANTIATION,
        &mut slots,
    )?;
    let tp = gil.owned(tp.cast())?;
    // SAFETY: storing the new type in the module dict, which takes its own
    // reference (so the pointer stays valid after `tp` is dropped).
    let stored = unsafe {
        let dict = ffi::PyModule_GetDict(state.module);
        ffi::PyDict_SetItemString(dict, TYPE_ATTR.as_ptr(), tp.as_ptr())
    };
    if stored != 0 {
        return Err(gil.take_error());
    }
    Ok(tp.as_ptr().cast())
}

/// A new exporter of `len` bytes at `buf`, owned by the DirectNDArray `owner`.
pub fn new<'py>(
    gil: Gil<'py>,
    env: Env<'_>,
    state: &State,
    owner: jobject,
    buf: *mut c_void,
    len: usize,
    readonly: bool,
) -> Result<PyRef<'py>> {
    let tp = exporter_type(gil, state)?;
    // SAFETY: tp is our exporter type; generic alloc zeroes the instance.
    let obj = gil.owned(unsafe { ffi::PyType_GenericAlloc(tp, 0) })?;
    // SAFETY: the instance has the Exporter layout and is not shared yet.
    unsafe {
        let e = &mut *obj.as_ptr().cast::<Exporter>();
        e.owner = env.new_global(owner);
        e.buf = buf;
        e.len = len as ffi::Py_ssize_t;
        e.readonly = readonly;
    }
    Ok(obj)
}

/// What identifies an ndarray over the memory of an exporter (given the
/// exporter is its base): `(dtype, shape, strides)`. A view of the memory
/// with the shape and strides of the whole lies wholly inside it only at its
/// start, so these three tell the very ndarray apart from every other view.
/// The dtype object itself, not its `str` (which numpy builds anew on each
/// read): an ndarray keeps its dtype object, so comparing the key of the
/// array made over the memory stops at identity, and another dtype compares
/// equal exactly when its `str` would.
pub fn key<'py>(array: &PyRef<'py>, state: &State) -> Result<PyRef<'py>> {
    crate::core::tuple(
        array.gil(),
        vec![
            attr(array, state, Name::Dtype)?,
            attr(array, state, Name::Shape)?,
            attr(array, state, Name::Strides)?,
        ],
    )
}

/// Records the ndarray made over `exporter` and its [`key`].
pub fn set_made(exporter: &PyRef<'_>, array: &PyRef<'_>, key: PyRef<'_>) -> Result<()> {
    // SAFETY: a weak reference to a live ndarray (numpy arrays take them).
    let made = array
        .gil()
        .owned(unsafe { ffi::PyWeakref_NewRef(array.as_ptr(), std::ptr::null_mut()) })?;
    // SAFETY: `exporter` was made by `new` and no ndarray conversion reads it
    // before this; the old key and reference (null) need no release.
    unsafe {
        let e = &mut *exporter.as_ptr().cast::<Exporter>();
        e.key = key.into_ptr();
        e.made = made.into_ptr();
    }
    Ok(())
}

impl Exporter {
    /// Whether `array` is the very ndarray made over this memory (while it
    /// lives), told without reading any of its attributes.
    pub fn is_made(&self, array: &PyRef<'_>) -> bool {
        if self.made.is_null() {
            return false;
        }
        // SAFETY: `made` is our live weak reference; the referent is only
        // compared by address (a new reference from GetRef is released at
        // once: when it is `array`, the caller's reference keeps it alive).
        let referent = unsafe {
            #[cfg(Py_3_13)]
            {
                let mut referent = std::ptr::null_mut();
                if ffi::PyWeakref_GetRef(self.made, &mut referent) < 0 {
                    ffi::PyErr_Clear();
                }
                ffi::Py_XDECREF(referent);
                referent
            }
            #[cfg(not(Py_3_13))]
            {
                ffi::PyWeakref_GetObject(self.made)
            }
        };
        referent == array.as_ptr()
    }
}

/// The exporter `base` is, if it is one of this interpreter's.
pub fn find<'a>(state: &State, base: &'a PyRef<'_>) -> Option<&'a Exporter> {
    let tp = existing_type(state)?;
    // SAFETY: type check of a live object; instances have the Exporter layout
    // and live as long as the borrowed reference.
    unsafe {
        (ffi::PyObject_TypeCheck(base.as_ptr(), tp) != 0)
            .then(|| &*base.as_ptr().cast::<Exporter>())
    }
}

unsafe extern "C" fn get_buffer(
    obj: *mut ffi::PyObject,
    view: *mut ffi::Py_buffer,
    flags: c_int,
) -> c_int {
    // SAFETY: CPython calls this slot with the GIL held on a live exporter; the
    // memory stays valid while the view holds the exporter (FillInfo takes a
    // reference), since the exporter keeps the Java buffer reachable.
    unsafe {
        let e = &*obj.cast::<Exporter>();
        ffi::PyBuffer_FillInfo(view, obj, e.buf, e.len, c_int::from(e.readonly), flags)
    }
}

unsafe extern "C" fn dealloc(obj: *mut ffi::PyObject) {
    // SAFETY: `obj` is a dying exporter; CPython holds the GIL.
    unsafe {
        ffi::PyObject_GC_UnTrack(obj.cast());
        let e = &*obj.cast::<Exporter>();
        refs::delete_global(e.owner);
        ffi::Py_XDECREF(e.key);
        ffi::Py_XDECREF(e.made);
        let tp = ffi::Py_TYPE(obj);
        if let Some(free) = (*tp).tp_free {
            free(obj.cast());
        }
        ffi::Py_DECREF(tp.cast());
    }
}
