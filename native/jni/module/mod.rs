//! The `_jep` module every interpreter can import (Jep's native module, which
//! the `jep` package of [`package`] re-exports): a multi-phase built-in module
//! whose state holds the interpreter's own wrapper types and caches (never
//! process-global), so own-GIL sub-interpreters are safe.

mod address;
mod functions;
mod package;
mod state;

use std::ffi::{c_int, c_void};
use std::ptr::{addr_of_mut, null_mut};

use pyo3::ffi;

pub use state::{configure, current, loaded, unshare_modules, State};

/// The start of the module's Python half, run in its namespace at import: the
/// import hook, the numpy section (krait numpy hook) and the loader of [`REST`].
const BOOTSTRAP: &str = concat!(
    include_str!("import_hook.py"),
    "\n",
    include_str!("../numpy/bootstrap.py"),
    "\n",
    include_str!("lazy.py")
);

/// The file name of [`BOOTSTRAP`] in tracebacks and for `compile_once`.
const BOOTSTRAP_FILE: &str = "<krait jep bootstrap>";

/// The rest of the module's Python half (the core, the protocols and
/// exceptions), run in its namespace by `_load_rest` on first use of one of its
/// names (see lazy.py), so that an interpreter that uses no Java class skips it.
const REST: &str = concat!(
    include_str!("bootstrap.py"),
    "\n",
    include_str!("protocols.py"),
    "\n",
    include_str!("exceptions.py")
);

/// The file name of [`REST`] in tracebacks and for `compile_once`.
const REST_FILE: &str = "<krait jep bootstrap (classes)>";

/// The module sources every interpreter may run (file name, text), for
/// `StartConfig::prepared_sources`.
pub fn prepared_sources() -> [(&'static str, &'static str); 3] {
    [
        (BOOTSTRAP_FILE, BOOTSTRAP),
        (REST_FILE, REST),
        (package::PACKAGE_FILE, package::PACKAGE),
    ]
}

/// Runs [`REST`] in the namespace of `module` (the `_jep` module of the current interpreter).
pub(super) fn load_rest(
    gil: crate::core::Gil<'_>,
    module: *mut ffi::PyObject,
) -> crate::core::Result<()> {
    state::run_source(gil, module, REST, REST_FILE)
}

/// The key under which each interpreter's dict holds its `_jep` module.
const INTERPRETER_KEY: &std::ffi::CStr = c"krait.jep";

static mut SLOTS: [ffi::PyModuleDef_Slot; 3] = module_slots(exec_module);

/// The slots of krait's built-in modules (`_jep`, `jep`): multi-phase init
/// running `exec`, and on 3.12+ support for own-GIL sub-interpreters.
pub(super) const fn module_slots(
    exec: unsafe extern "C" fn(*mut ffi::PyObject) -> c_int,
) -> [ffi::PyModuleDef_Slot; 3] {
    [
        ffi::PyModuleDef_Slot {
            slot: ffi::Py_mod_exec,
            value: exec as *mut c_void,
        },
        #[cfg(Py_3_12)]
        ffi::PyModuleDef_Slot {
            slot: ffi::Py_mod_multiple_interpreters,
            value: ffi::Py_MOD_PER_INTERPRETER_GIL_SUPPORTED,
        },
        #[cfg(not(Py_3_12))]
        ffi::PyModuleDef_Slot {
            slot: 0,
            value: null_mut(),
        },
        ffi::PyModuleDef_Slot {
            slot: 0,
            value: null_mut(),
        },
    ]
}

static mut DEF: ffi::PyModuleDef = ffi::PyModuleDef {
    m_base: ffi::PyModuleDef_HEAD_INIT,
    m_name: c"_jep".as_ptr(),
    m_doc: c"krait's _jep module: Java classes, arrays and the Java import hook.".as_ptr(),
    m_size: std::mem::size_of::<State>() as ffi::Py_ssize_t,
    m_methods: null_mut(),
    m_slots: null_mut(),
    m_traverse: Some(traverse_module),
    m_clear: Some(clear_module),
    m_free: Some(free_module),
};

/// The module's init function, registered as a built-in before CPython starts.
pub unsafe extern "C" fn init() -> *mut ffi::PyObject {
    // SAFETY: DEF and SLOTS are only mutated here, before CPython reads them, and
    // CPython serializes module initialization; the pointers stay valid forever.
    unsafe {
        let def = addr_of_mut!(DEF);
        (*def).m_slots = addr_of_mut!(SLOTS).cast();
        ffi::PyModuleDef_Init(def)
    }
}

/// The built-in modules to register for `core::start`: `_jep` and the `jep` package.
pub fn builtins() -> [crate::core::BuiltinModule; 2] {
    [
        crate::core::BuiltinModule {
            name: c"_jep",
            init,
        },
        crate::core::BuiltinModule {
            name: c"jep",
            init: package::init,
        },
    ]
}

unsafe extern "C" fn exec_module(module: *mut ffi::PyObject) -> c_int {
    run_exec(|| {
        // SAFETY: CPython calls exec with the GIL held and a fresh module.
        let gil = unsafe { crate::core::Gil::assume() };
        state::init(gil, module, BOOTSTRAP)
    })
}

/// Runs a module's exec step: 0 on success, else -1 with the Python exception set
/// (a panic becomes a RuntimeError).
fn run_exec(exec: impl FnOnce() -> crate::core::Result<()> + std::panic::UnwindSafe) -> c_int {
    match std::panic::catch_unwind(exec) {
        Ok(Ok(())) => 0,
        Ok(Err(err)) => {
            crate::jni::types::errors::restore(&err);
            -1
        }
        Err(_) => {
            // SAFETY: raising a Python exception with the GIL held (exec runs with it).
            unsafe {
                ffi::PyErr_SetString(
                    ffi::PyExc_RuntimeError,
                    c"krait: panic while creating the jep module".as_ptr(),
                );
            }
            -1
        }
    }
}

/// The state's types refer back to the module (`PyType_FromModuleAndSpec`), so
/// the garbage collector must see the state's references to free that cycle
/// when an interpreter ends.
unsafe extern "C" fn traverse_module(
    module: *mut ffi::PyObject,
    visit: ffi::visitproc,
    arg: *mut c_void,
) -> c_int {
    // SAFETY: CPython calls traverse with the GIL held on a module of our def.
    unsafe { state::traverse(module, visit, arg) }
}

unsafe extern "C" fn clear_module(module: *mut ffi::PyObject) -> c_int {
    // SAFETY: CPython calls clear with the GIL held on a module of our def.
    unsafe { state::clear(module) };
    0
}

unsafe extern "C" fn free_module(module: *mut c_void) {
    // SAFETY: CPython frees the module with its interpreter's GIL held.
    unsafe { state::release(module.cast()) };
}
