//! Module sources compiled once per process: the first interpreter compiles
//! the source and keeps the code as `marshal` bytes, every later interpreter
//! loads it from those bytes instead of running the compiler.
//!
//! Besides the time saved, this keeps per-interpreter memory down: CPython
//! 3.12 keeps an isolated sub-interpreter's allocator arenas after it ends, so
//! the compiler's peak memory (about 850 KB for the `jep` bootstrap) stayed
//! behind with every closed isolated sub-interpreter.

use std::collections::HashMap;
use std::ffi::CString;

use once_cell::sync::Lazy;
use parking_lot::Mutex;
use pyo3::ffi;

use super::error::{Error, Result};
use super::gil::{Gil, PyRef};

/// The `marshal` format version used for the kept code.
const MARSHAL_VERSION: i32 = 4;

/// Marshalled code by file name.
static MARSHALLED: Lazy<Mutex<HashMap<&'static str, Vec<u8>>>> = Lazy::new(Default::default);

/// The code object of `source` (compiled for `exec` as file `name`), compiled
/// only the first time in the process. `name` identifies the source: one name,
/// one source text.
/// In a legacy sub-interpreter on CPython 3.12+, the code is a copy of the
/// main interpreter's prepared at start (see `relink`), which interns no names.
pub fn compile_once<'py>(gil: Gil<'py>, name: &'static str, source: &str) -> Result<PyRef<'py>> {
    #[cfg(Py_3_12)]
    if let Some(code) = super::relink::copy_for_current(gil, name) {
        return code;
    }
    if let Some(bytes) = MARSHALLED.lock().get(name) {
        // SAFETY: bytes written by PyMarshal_WriteObjectToString; we hold the GIL.
        return gil.owned(unsafe {
            ffi::PyMarshal_ReadObjectFromString(bytes.as_ptr().cast(), bytes.len() as _)
        });
    }
    let text = CString::new(source).map_err(|_| Error::Usage(format!("{name} has a NUL")))?;
    let file = CString::new(name).map_err(|_| Error::Usage(format!("{name} has a NUL")))?;
    // SAFETY: valid C strings; we hold the GIL.
    let code = gil.owned(unsafe {
        ffi::Py_CompileString(text.as_ptr(), file.as_ptr(), ffi::Py_file_input)
    })?;
    // SAFETY: code is a live code object; we hold the GIL.
    let marshalled =
        gil.owned(unsafe { ffi::PyMarshal_WriteObjectToString(code.as_ptr(), MARSHAL_VERSION) })?;
    let mut data: *mut std::ffi::c_char = std::ptr::null_mut();
    let mut len: ffi::Py_ssize_t = 0;
    // SAFETY: marshalled is a bytes object; data/len point into it while it lives.
    if unsafe { ffi::PyBytes_AsStringAndSize(marshalled.as_ptr(), &mut data, &mut len) } == 0 {
        // SAFETY: as above, copied before `marshalled` is dropped.
        let bytes = unsafe { std::slice::from_raw_parts(data.cast::<u8>(), len as usize) };
        MARSHALLED.lock().insert(name, bytes.to_vec());
    } else {
        // SAFETY: we hold the GIL; the code is used without being kept.
        unsafe { ffi::PyErr_Clear() };
    }
    Ok(code)
}

/// `name` as an interned `str`. On CPython 3.12+ the main interpreter and the
/// legacy sub-interpreters share one immortal string per name (3.12 never
/// frees what a sub-interpreter interns), see `relink::interned`.
pub fn interned<'py>(gil: Gil<'py>, name: &'static std::ffi::CStr) -> Result<PyRef<'py>> {
    #[cfg(Py_3_12)]
    {
        super::relink::interned(gil, name)
    }
    #[cfg(not(Py_3_12))]
    {
        // SAFETY: a NUL-terminated name; we hold the GIL.
        gil.owned(unsafe { ffi::PyUnicode_InternFromString(name.as_ptr()) })
    }
}
