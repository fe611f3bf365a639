//! The buffer protocol of Java direct NIO buffers: `memoryview(buffer)` (and
//! numpy) sees the buffer's own memory, items typed by its class
//! (`ShortBuffer` → `h`, …) and byte order (a non-native order is spelled
//! `<`/`>` in the format, which numpy reads and `memoryview` refuses to index).
//! Heap buffers have no stable address and raise `BufferError`.
//!
//! The slots live on `jep.PyJBuffer`, a `PyJObject` subtype made per
//! interpreter on first use and used as an extra base of the Python class of
//! `java.nio.Buffer` (so every buffer class inherits them).

use std::ffi::{c_int, c_void, CStr, CString};

use pyo3::ffi;

use super::object::{new_type, slot_def};
use super::slot;
use crate::core::{Error, Gil, PyException, PyRef, Result};
use crate::jni::cache::cache;
use crate::jni::env::{jni_call, Failure};
use crate::jni::module::State;

/// The attribute of the `jep` module holding the type.
const TYPE_ATTR: &CStr = c"_PyJBuffer";

/// What a view needs beyond the `Py_buffer` itself (freed on release).
struct ViewExtra {
    shape: ffi::Py_ssize_t,
    stride: ffi::Py_ssize_t,
    format: CString,
}

/// The interpreter's `jep.PyJBuffer` type (a new reference), made on first use.
pub fn buffer_base<'py>(gil: Gil<'py>, state: &State) -> Result<PyRef<'py>> {
    // SAFETY: the module is live and its dict borrowed from it; GetItemString
    // returns a borrowed reference and raises nothing. We hold the GIL.
    let found = unsafe {
        ffi::PyDict_GetItemString(ffi::PyModule_GetDict(state.module), TYPE_ATTR.as_ptr())
    };
    if !found.is_null() {
        return gil.borrowed(found);
    }
    let mut slots = [
        slot_def(ffi::Py_bf_getbuffer, get_buffer as *mut c_void),
        slot_def(ffi::Py_bf_releasebuffer, release_buffer as *mut c_void),
        slot_def(
            ffi::Py_tp_doc,
            c"The buffer protocol of Java direct NIO buffers.".as_ptr() as *mut c_void,
        ),
        slot_def(ffi::Py_tp_base, state.object_type.cast()),
        slot_def(0, std::ptr::null_mut()),
    ];
    let tp = new_type(
        gil,
        state.module,
        c"jep.PyJBuffer",
        std::mem::size_of::<super::object::JObject>(),
        ffi::Py_TPFLAGS_BASETYPE,
        &mut slots,
    )?;
    let tp = gil.owned(tp.cast())?;
    // SAFETY: storing the new type in the module dict (which takes a reference).
    let stored = unsafe {
        ffi::PyDict_SetItemString(
            ffi::PyModule_GetDict(state.module),
            TYPE_ATTR.as_ptr(),
            tp.as_ptr(),
        )
    };
    if stored != 0 {
        return Err(gil.take_error());
    }
    Ok(tp)
}

fn buffer_error(text: &str) -> Failure {
    Failure::Core(Error::Python(PyException {
        type_repr: "<class 'BufferError'>".into(),
        type_name: "BufferError".into(),
        text: text.into(),
        frames: Vec::new(),
        cause: None,
    }))
}

unsafe extern "C" fn get_buffer(
    obj: *mut ffi::PyObject,
    view: *mut ffi::Py_buffer,
    flags: c_int,
) -> c_int {
    slot::run(-1, |gil, env| {
        let state = crate::jni::module::current(gil)?;
        let target = super::object::java_ref(state, obj)
            .ok_or_else(|| buffer_error("this object holds no Java buffer"))?;
        let c = cache()?;
        let nio = crate::jni::numpy::java::java(env, c)?;
        let Some(&(_, prim, order)) = nio
            .buffers
            .iter()
            .find(|(class, _, _)| env.is_instance(target, *class))
        else {
            return Err(buffer_error(
                "only direct byte, short, int, long, float and double buffers export memory",
            ));
        };
        let address = jni_call!(env, v1_4, GetDirectBufferAddress, target);
        let capacity = jni_call!(env, v1_4, GetDirectBufferCapacity, target);
        if address.is_null() || capacity < 0 {
            return Err(buffer_error(
                "only direct Java buffers (allocateDirect) export their memory",
            ));
        }
        let readonly = env.call_boolean(target, nio.is_read_only, &[])?;
        if readonly && flags & ffi::PyBUF_WRITABLE != 0 {
            return Err(buffer_error("the Java buffer is read-only"));
        }
        let order = env.call_object(target, order, &[])?;
        let native = order
            .as_ref()
            .is_some_and(|o| env.same(o.as_raw(), nio.native_order));
        let code = prim.format().to_string_lossy();
        let format = match (native, cfg!(target_endian = "little")) {
            (true, _) => code.into_owned(),
            (false, true) => format!(">{code}"),
            (false, false) => format!("<{code}"),
        };
        let extra = Box::new(ViewExtra {
            shape: capacity as ffi::Py_ssize_t,
            stride: prim.size() as ffi::Py_ssize_t,
            format: CString::new(format).unwrap_or_default(),
        });
        let extra = Box::into_raw(extra);
        // SAFETY: filling the caller's Py_buffer; the memory is the Java
        // buffer's, kept alive by `obj` (which holds the buffer) for as long
        // as the view holds `obj`; `extra` lives until release_buffer.
        unsafe {
            (*view).buf = address;
            (*view).obj = ffi::Py_NewRef(obj);
            (*view).len = capacity as ffi::Py_ssize_t * prim.size() as ffi::Py_ssize_t;
            (*view).readonly = c_int::from(readonly);
            (*view).itemsize = prim.size() as ffi::Py_ssize_t;
            (*view).format = if flags & ffi::PyBUF_FORMAT != 0 {
                (*extra).format.as_ptr().cast_mut()
            } else {
                std::ptr::null_mut()
            };
            (*view).ndim = 1;
            (*view).shape = if flags & ffi::PyBUF_ND != 0 {
                &raw mut (*extra).shape
            } else {
                std::ptr::null_mut()
            };
            (*view).strides = if flags & ffi::PyBUF_STRIDES == ffi::PyBUF_STRIDES {
                &raw mut (*extra).stride
            } else {
                std::ptr::null_mut()
            };
            (*view).suboffsets = std::ptr::null_mut();
            (*view).internal = extra.cast();
        }
        Ok(0)
    })
}

unsafe extern "C" fn release_buffer(_obj: *mut ffi::PyObject, view: *mut ffi::Py_buffer) {
    // SAFETY: `internal` is the ViewExtra box get_buffer made for this view.
    unsafe {
        let extra = (*view).internal.cast::<ViewExtra>();
        if !extra.is_null() {
            drop(Box::from_raw(extra));
            (*view).internal = std::ptr::null_mut();
        }
    }
}
