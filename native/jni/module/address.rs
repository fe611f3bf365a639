//! `_jep._buffer_address(obj)`: the address of the memory an object exports
//! through the buffer protocol, so that Python code (and krait's tests) can see
//! that several interpreters view the same memory, with no copy.

use pyo3::ffi;

use crate::jni::types::slot;

/// `_buffer_address(obj)`: the start address of `obj`'s buffer, as an int.
pub(super) unsafe extern "C" fn buffer_address(
    _module: *mut ffi::PyObject,
    obj: *mut ffi::PyObject,
) -> *mut ffi::PyObject {
    slot::object(|gil, _env| {
        // SAFETY: an all-zero Py_buffer is a valid value for GetBuffer to fill.
        let mut view: ffi::Py_buffer = unsafe { std::mem::zeroed() };
        // SAFETY: obj is a live object (borrowed for the call); we hold the GIL.
        if unsafe { ffi::PyObject_GetBuffer(obj, &mut view, ffi::PyBUF_SIMPLE) } != 0 {
            return Err(gil.take_error().into());
        }
        let address = view.buf as usize;
        // SAFETY: releasing the view GetBuffer filled above.
        unsafe { ffi::PyBuffer_Release(&mut view) };
        // SAFETY: we hold the GIL.
        Ok(gil
            .owned(unsafe { ffi::PyLong_FromSize_t(address) })?
            .into_ptr())
    })
}
