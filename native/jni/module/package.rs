//! The `jep` package every interpreter can import, as in Jep: a built-in module
//! that re-exports the native `_jep` module and serves its Python submodules
//! (`jep.jdbc`, `jep.shared_modules_hook`) from sources embedded in libkrait, so nothing is read from disk.

use std::ffi::c_int;
use std::ptr::{addr_of_mut, null_mut};

use pyo3::ffi;

use crate::core::{Gil, Result};

/// The package's own source, run in its namespace at import.
pub(super) const PACKAGE: &str = include_str!("package.py");

/// The file name of [`PACKAGE`] in tracebacks and for `compile_once`.
pub(super) const PACKAGE_FILE: &str = "<krait jep package>";

/// The package's submodules: full name and Python source.
const SUBMODULES: &[(&str, &str)] = &[
    ("jep.jdbc", include_str!("jdbc.py")),
    (
        "jep.shared_modules_hook",
        include_str!("shared_modules_hook.py"),
    ),
];

static mut SLOTS: [ffi::PyModuleDef_Slot; 3] = super::module_slots(exec_package);

static mut DEF: ffi::PyModuleDef = ffi::PyModuleDef {
    m_base: ffi::PyModuleDef_HEAD_INIT,
    m_name: c"jep".as_ptr(),
    m_doc: c"krait's jep package: the _jep module's API and its submodules (jep.jdbc, jep.shared_modules_hook).".as_ptr(),
    m_size: 0,
    m_methods: null_mut(),
    m_slots: null_mut(),
    m_traverse: None,
    m_clear: None,
    m_free: None,
};

/// The package's init function, registered as a built-in before CPython starts.
pub unsafe extern "C" fn init() -> *mut ffi::PyObject {
    // SAFETY: DEF and SLOTS are only mutated here, before CPython reads them, and
    // CPython serializes module initialization; the pointers stay valid forever.
    unsafe {
        let def = addr_of_mut!(DEF);
        (*def).m_slots = addr_of_mut!(SLOTS).cast();
        ffi::PyModuleDef_Init(def)
    }
}

unsafe extern "C" fn exec_package(module: *mut ffi::PyObject) -> c_int {
    super::run_exec(|| {
        // SAFETY: CPython calls exec with the GIL held and a fresh module.
        let gil = unsafe { Gil::assume() };
        fill(gil, module)
    })
}

/// Puts the submodule sources in the package namespace and runs the package source.
/// Each source is a read-only `memoryview` of the text in libkrait (which
/// `compile` takes): nothing is copied or decoded unless the submodule is imported.
fn fill(gil: Gil<'_>, module: *mut ffi::PyObject) -> Result<()> {
    // SAFETY: a new dict; we hold the GIL.
    let sources = gil.owned(unsafe { ffi::PyDict_New() })?;
    for (name, source) in SUBMODULES {
        let key = gil.str(name)?;
        // SAFETY: the text is static and the view read-only; we hold the GIL.
        let value = gil.owned(unsafe {
            ffi::PyMemoryView_FromMemory(
                source.as_ptr().cast_mut().cast(),
                source.len() as ffi::Py_ssize_t,
                ffi::PyBUF_READ,
            )
        })?;
        // SAFETY: sources is a dict; key and value are live.
        if unsafe { ffi::PyDict_SetItem(sources.as_ptr(), key.as_ptr(), value.as_ptr()) } != 0 {
            return Err(gil.take_error());
        }
    }
    // SAFETY: the module dict is borrowed from the live module; we hold the GIL.
    let dict = unsafe { ffi::PyModule_GetDict(module) };
    // SAFETY: as above.
    if unsafe { ffi::PyDict_SetItemString(dict, c"_krait_sources".as_ptr(), sources.as_ptr()) } != 0
    {
        return Err(gil.take_error());
    }
    super::state::run_source(gil, module, PACKAGE, PACKAGE_FILE)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_sources_have_no_nul_and_belong_to_the_package() {
        assert!(!PACKAGE.contains('\0'));
        for (name, source) in SUBMODULES {
            assert!(!source.contains('\0'), "{name}");
            assert!(name.starts_with("jep."), "{name}");
        }
    }
}
