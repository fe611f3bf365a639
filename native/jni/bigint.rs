//! Big integers between Python `int` and `java.math.BigInteger`, in binary:
//! two's-complement big-endian bytes (`int.to_bytes` / `_PyLong_FromByteArray`
//! ↔ `new BigInteger(byte[])` / `toByteArray()`), so no size limit on decimal
//! text applies and nothing is parsed.

use jni::sys::jobject;
use pyo3::ffi;

use super::cache::Cache;
use super::env::{Env, JResult};
use super::primitive::Prim;
use crate::core::{Gil, PyRef};

extern "C" {
    /// CPython's int from two's-complement bytes (stable since 3.0, not in pyo3-ffi).
    fn _PyLong_FromByteArray(
        bytes: *const u8,
        n: usize,
        little_endian: std::ffi::c_int,
        is_signed: std::ffi::c_int,
    ) -> *mut ffi::PyObject;
}

/// The minimal two's-complement big-endian bytes of a Python int.
pub fn to_be_bytes(value: &PyRef<'_>) -> crate::core::Result<Vec<u8>> {
    let gil = value.gil();
    let bits = value
        .getattr("bit_length")?
        .call(&crate::core::tuple(gil, Vec::new())?, None)?;
    // SAFETY: bit_length returns a non-negative int; we hold the GIL.
    let bits = unsafe { ffi::PyLong_AsSsize_t(bits.as_ptr()) };
    if bits < 0 {
        return Err(gil.take_error());
    }
    let len = bits as usize / 8 + 1;
    // SAFETY: building the arguments and keywords of `to_bytes`; new references
    // are owned by PyRefs; we hold the GIL.
    let bytes = unsafe {
        let args = crate::core::tuple(
            gil,
            vec![
                gil.owned(ffi::PyLong_FromSsize_t(len as ffi::Py_ssize_t))?,
                gil.str("big")?,
            ],
        )?;
        let kwargs = gil.owned(ffi::PyDict_New())?;
        if ffi::PyDict_SetItemString(kwargs.as_ptr(), c"signed".as_ptr(), ffi::Py_True()) != 0 {
            return Err(gil.take_error());
        }
        value.getattr("to_bytes")?.call(&args, Some(&kwargs))?
    };
    // SAFETY: `bytes` is a bytes object alive for the copy.
    unsafe {
        let data = ffi::PyBytes_AsString(bytes.as_ptr());
        let n = ffi::PyBytes_Size(bytes.as_ptr());
        if data.is_null() || n < 0 {
            return Err(gil.take_error());
        }
        Ok(std::slice::from_raw_parts(data.cast::<u8>(), n as usize).to_vec())
    }
}

/// A Python int of the value of a `BigInteger`.
pub fn to_python<'py>(env: Env<'_>, gil: Gil<'py>, c: &Cache, obj: jobject) -> JResult<PyRef<'py>> {
    let array = env.call_object(obj, c.method.big_integer_to_byte_array, &[])?;
    let array = env.non_null(
        array.map_or(std::ptr::null_mut(), |a| a.into_raw()),
        "BigInteger.toByteArray",
    )?;
    let len = env.array_length(array.as_raw());
    let mut bytes = vec![0u8; len.max(0) as usize];
    // SAFETY: a byte[] of `len` elements copied into a buffer of that size.
    unsafe { Prim::Byte.get_region(env, array.as_raw(), 0, len, bytes.as_mut_ptr())? };
    // SAFETY: reading `bytes.len()` bytes; we hold the GIL.
    let int = unsafe { _PyLong_FromByteArray(bytes.as_ptr(), bytes.len(), 0, 1) };
    Ok(gil.owned(int)?)
}
