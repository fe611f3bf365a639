//! Making libpython's symbols visible to C extension modules.
//!
//! A JVM loads native libraries with `RTLD_LOCAL`, so `libpython` (loaded by the
//! jar before libkrait) does not export its symbols to extension modules such as
//! `math` or numpy, which do not link libpython themselves. Re-opening it with
//! `RTLD_NOLOAD | RTLD_GLOBAL` promotes the already loaded copy.

use std::ffi::CStr;

use pyo3::ffi;

/// Promotes the loaded libpython to global symbol scope. Returns its path.
pub fn promote_to_global() -> Result<String, String> {
    // SAFETY: dladdr only reads the address; Dl_info is plain data.
    let mut info: libc::Dl_info = unsafe { std::mem::zeroed() };
    // SAFETY: taking the address of a data symbol exported by libpython.
    let symbol = std::ptr::addr_of!(ffi::PyExc_ValueError).cast::<libc::c_void>();
    // SAFETY: symbol is an address inside a loaded object.
    if unsafe { libc::dladdr(symbol, &mut info) } == 0 || info.dli_fname.is_null() {
        return Err("could not locate the loaded libpython (dladdr failed)".into());
    }
    // SAFETY: dli_fname is a NUL-terminated path owned by the loader.
    let path = unsafe { CStr::from_ptr(info.dli_fname) };
    // SAFETY: RTLD_NOLOAD only changes the flags of an already loaded object.
    let handle = unsafe {
        libc::dlopen(
            path.as_ptr(),
            libc::RTLD_NOW | libc::RTLD_NOLOAD | libc::RTLD_GLOBAL,
        )
    };
    let path = path.to_string_lossy().into_owned();
    if handle.is_null() {
        return Err(format!("could not promote {path} to RTLD_GLOBAL"));
    }
    Ok(path)
}
