//! The per-interpreter state of the `jep` module: its wrapper types, the cache
//! of Python classes made for Java classes, and the interpreter's class loader.

use std::cell::Cell;

use jni::sys::jobject;
use pyo3::ffi;

use super::INTERPRETER_KEY;
use crate::core::{Error, Gil, PyRef, Result};
use crate::jni::types;

/// The module state (CPython allocates and zeroes it with the module).
pub struct State {
    /// The module itself (borrowed: the state lives inside it).
    pub module: *mut ffi::PyObject,
    /// `PyJObject`, base of every wrapped Java class.
    pub object_type: *mut ffi::PyTypeObject,
    /// `PyJMethod`: overloaded Java methods and constructors.
    pub method_type: *mut ffi::PyTypeObject,
    /// The subtype of `PyJMethod` for static methods and constructors.
    pub static_method_type: *mut ffi::PyTypeObject,
    /// `PyJField`: Java fields.
    pub field_type: *mut ffi::PyTypeObject,
    /// `PyJArray`: Java arrays.
    pub array_type: *mut ffi::PyTypeObject,
    /// `PyJIterator`: iteration over Java iterators.
    pub iterator_type: *mut ffi::PyTypeObject,
    /// Java class name → the Python class (or exception class) mirroring it.
    pub classes: *mut ffi::PyObject,
    /// Java class name → the `PyJObject` type of a Java throwable class.
    pub throwable_types: *mut ffi::PyObject,
    /// A JNI global reference to the class loader for `findClass` (null: krait's own).
    pub class_loader: jobject,
    /// A JNI global reference to the `ClassEnquirer` not yet converted for the
    /// import hook (null: none pending), see [`take_enquirer`].
    pub pending_enquirer: jobject,
    /// The numpy objects this interpreter reuses (a list, see
    /// `numpy::cached`). krait numpy hook.
    pub numpy: *mut ffi::PyObject,
}

impl State {
    /// An attribute of the module (the bootstrap's helpers live there).
    pub fn attr<'py>(&self, gil: Gil<'py>, name: &str) -> Result<PyRef<'py>> {
        gil.borrowed(self.module)?.getattr(name)
    }
}

/// The `_jep` module state of the current interpreter, importing `_jep` first if needed.
pub fn current<'py>(gil: Gil<'py>) -> Result<&'py State> {
    // SAFETY: we hold the GIL; the interpreter dict lives as long as the interpreter.
    unsafe {
        let interp = ffi::PyInterpreterState_Get();
        let dict = ffi::PyInterpreterState_GetDict(interp);
        if dict.is_null() {
            return Err(Error::Usage("this interpreter has no state dict".into()));
        }
        let id = ffi::PyInterpreterState_GetID(interp);
        let key = LastState {
            interp: interp as usize,
            id,
            dict: dict as usize,
            state: 0,
        };
        let last = LAST_STATE.with(Cell::get);
        if last.state != 0 && (LastState { state: 0, ..last }) == key {
            // Same live interpreter (IDs are never reused) with the same dict,
            // which holds the module (and so its state) under INTERPRETER_KEY.
            return Ok(&*(last.state as *const State));
        }
        let mut module = ffi::PyDict_GetItemString(dict, INTERPRETER_KEY.as_ptr());
        if module.is_null() {
            let imported = gil.owned(ffi::PyImport_ImportModule(c"_jep".as_ptr()))?;
            drop(imported);
            module = ffi::PyDict_GetItemString(dict, INTERPRETER_KEY.as_ptr());
            if module.is_null() {
                return Err(Error::Usage(
                    "the _jep module did not register itself".into(),
                ));
            }
        }
        let state = ffi::PyModule_GetState(module) as *const State;
        LAST_STATE.with(|last| {
            last.set(LastState {
                state: state as usize,
                ..key
            })
        });
        Ok(&*state)
    }
}

/// The state [`current`] found last on this thread, and for which interpreter.
#[derive(Clone, Copy, PartialEq, Eq)]
struct LastState {
    interp: usize,
    id: i64,
    dict: usize,
    state: usize,
}

thread_local! {
    /// Saves [`current`] the dict lookup when a thread stays in one interpreter.
    static LAST_STATE: Cell<LastState> = const {
        Cell::new(LastState {
            interp: 0,
            id: -1,
            dict: 0,
            state: 0,
        })
    };
}

/// The `_jep` module state of the current interpreter if it is loaded (never imports).
pub fn loaded<'py>(_gil: Gil<'py>) -> Option<&'py State> {
    // SAFETY: the caller holds the GIL (the token proves it).
    unsafe { state_ptr().ok().map(|state| &*state) }
}

/// Fills the state of a new module and runs the bootstrap in its namespace.
pub(super) fn init(gil: Gil<'_>, module: *mut ffi::PyObject, bootstrap: &str) -> Result<()> {
    // SAFETY: the module was created from our def, so its state is a zeroed State.
    let state = unsafe { &mut *(ffi::PyModule_GetState(module) as *mut State) };
    state.module = module;
    state.object_type = types::object::create_type(gil, module)?;
    state.method_type = types::method::create_type(gil, module)?;
    state.static_method_type = types::method::create_static_type(gil, module, state.method_type)?;
    state.field_type = types::field::create_type(gil, module)?;
    state.array_type = types::array::create_type(gil, module)?;
    state.iterator_type = types::iterator::create_type(gil, module)?;
    // SAFETY: new dicts; we hold the GIL.
    unsafe {
        state.classes = gil.owned(ffi::PyDict_New())?.into_ptr();
        state.throwable_types = gil.owned(ffi::PyDict_New())?.into_ptr();
    }
    state.numpy = crate::jni::numpy::cached::new_list(gil)?; // krait numpy hook
    add_functions(gil, module)?;
    for (name, tp) in [
        (c"PyJObject", state.object_type),
        (c"PyJMethod", state.method_type),
        (c"PyJField", state.field_type),
        (c"PyJArray", state.array_type),
    ] {
        set_attr(gil, module, name, tp.cast())?;
    }
    run_bootstrap(gil, module, bootstrap)?;
    let key = crate::core::interned(gil, INTERPRETER_KEY)?;
    // SAFETY: registering the module in the interpreter dict; we hold the GIL.
    unsafe {
        let dict = ffi::PyInterpreterState_GetDict(ffi::PyInterpreterState_Get());
        if dict.is_null() || ffi::PyDict_SetItem(dict, key.as_ptr(), module) != 0 {
            return Err(gil.take_error());
        }
    }
    Ok(())
}

/// `module.<name> = value`, the name interned once per process where CPython
/// allows (see [`crate::core::interned`]): a legacy sub-interpreter of 3.12
/// would otherwise keep its own copy of every such name for good.
fn set_attr(
    gil: Gil<'_>,
    module: *mut ffi::PyObject,
    name: &'static std::ffi::CStr,
    value: *mut ffi::PyObject,
) -> Result<()> {
    let name = crate::core::interned(gil, name)?;
    // SAFETY: live module, name and value; we hold the GIL.
    if unsafe { ffi::PyObject_SetAttr(module, name.as_ptr(), value) } != 0 {
        return Err(gil.take_error());
    }
    Ok(())
}

/// Adds the module's functions ([`super::functions::table`]), as
/// `PyModule_AddFunctions` would, under names set with [`set_attr`].
fn add_functions(gil: Gil<'_>, module: *mut ffi::PyObject) -> Result<()> {
    // SAFETY: a live module; we hold the GIL.
    let module_name = gil.owned(unsafe { ffi::PyModule_GetNameObject(module) })?;
    let mut def = super::functions::table();
    // SAFETY: the table is a static array ending with a zeroed entry; each name
    // is a static C string literal, so the 'static lifetime is true.
    unsafe {
        while !(*def).ml_name.is_null() {
            let name: &'static std::ffi::CStr = std::ffi::CStr::from_ptr((*def).ml_name);
            let function = gil.owned(ffi::PyCFunction_NewEx(def, module, module_name.as_ptr()))?;
            set_attr(gil, module, name, function.as_ptr())?;
            def = def.add(1);
        }
    }
    Ok(())
}

fn run_bootstrap(gil: Gil<'_>, module: *mut ffi::PyObject, bootstrap: &str) -> Result<()> {
    run_source(gil, module, bootstrap, super::BOOTSTRAP_FILE)?;
    // SAFETY: the module is live; we hold the GIL.
    unsafe {
        let find_class = gil.owned(ffi::PyObject_GetAttrString(module, c"findClass".as_ptr()))?;
        set_attr(gil, module, c"forName", find_class.as_ptr())?;
    }
    Ok(())
}

/// Runs `source` (named `filename` in tracebacks; compiled once per process, see
/// [`crate::core::compile_once`]) in the namespace of `module`, with the builtins available.
pub(super) fn run_source(
    gil: Gil<'_>,
    module: *mut ffi::PyObject,
    source: &str,
    filename: &'static str,
) -> Result<()> {
    // SAFETY: the module dict is borrowed from the live module; we hold the GIL.
    unsafe {
        let dict = ffi::PyModule_GetDict(module);
        if ffi::PyDict_SetItemString(dict, c"__builtins__".as_ptr(), ffi::PyEval_GetBuiltins()) != 0
        {
            return Err(gil.take_error());
        }
        let code = crate::core::compile_once(gil, filename, source)?;
        gil.owned(ffi::PyEval_EvalCode(code.as_ptr(), dict, dict))?;
    }
    Ok(())
}

/// The Python references the state owns, for the garbage collector.
fn owned_refs(state: &mut State) -> [&mut *mut ffi::PyObject; 9] {
    // SAFETY: each type pointer field is reinterpreted as an object pointer field
    // of the same size and alignment (a type object is an object).
    unsafe {
        [
            &mut *(&raw mut state.object_type).cast(),
            &mut *(&raw mut state.method_type).cast(),
            &mut *(&raw mut state.static_method_type).cast(),
            &mut *(&raw mut state.field_type).cast(),
            &mut *(&raw mut state.array_type).cast(),
            &mut *(&raw mut state.iterator_type).cast(),
            &mut state.classes,
            &mut state.throwable_types,
            &mut state.numpy,
        ]
    }
}

/// Visits the Python references the state owns (`m_traverse`).
///
/// # Safety
/// `module` is a module made from our def; its interpreter's GIL is held.
pub(super) unsafe fn traverse(
    module: *mut ffi::PyObject,
    visit: ffi::visitproc,
    arg: *mut std::ffi::c_void,
) -> std::ffi::c_int {
    // SAFETY: per the contract; the state may not be allocated yet (null).
    let state = unsafe { ffi::PyModule_GetState(module) as *mut State };
    // SAFETY: a non-null state is ours and zeroed or filled by `init`.
    let Some(state) = (unsafe { state.as_mut() }) else {
        return 0;
    };
    for field in owned_refs(state) {
        if !field.is_null() {
            // SAFETY: visiting a live object we own a reference to, as CPython asks.
            let outcome = unsafe { visit(*field, arg) };
            if outcome != 0 {
                return outcome;
            }
        }
    }
    0
}

/// Drops the Python references the state owns (`m_clear`), breaking the cycle
/// between the module and its types.
///
/// # Safety
/// `module` is a module made from our def; its interpreter's GIL is held.
pub(super) unsafe fn clear(module: *mut ffi::PyObject) {
    // SAFETY: per the contract; the state may not be allocated yet (null).
    let state = unsafe { ffi::PyModule_GetState(module) as *mut State };
    // SAFETY: a non-null state is ours and zeroed or filled by `init`.
    let Some(state) = (unsafe { state.as_mut() }) else {
        return;
    };
    for field in owned_refs(state) {
        let old = std::mem::replace(field, std::ptr::null_mut());
        // SAFETY: we owned this reference (or it is null); the GIL is held.
        unsafe { ffi::Py_XDECREF(old) };
    }
}

/// Releases what the state owns (the module is being freed).
///
/// # Safety
/// `module` is a module made from our def; its interpreter's GIL is held.
pub(super) unsafe fn release(module: *mut ffi::PyObject) {
    // SAFETY: per the contract, the state is ours and the GIL is held.
    unsafe {
        let state = ffi::PyModule_GetState(module) as *mut State;
        if state.is_null() {
            return;
        }
        let state = &mut *state;
        for ptr in [
            state.object_type.cast(),
            state.method_type.cast(),
            state.static_method_type.cast(),
            state.field_type.cast(),
            state.array_type.cast(),
            state.iterator_type.cast(),
            state.classes,
            state.throwable_types,
        ] {
            ffi::Py_XDECREF(ptr);
        }
        if !state.class_loader.is_null() {
            crate::jni::types::refs::delete_global(state.class_loader);
        }
        if !state.pending_enquirer.is_null() {
            crate::jni::types::refs::delete_global(state.pending_enquirer);
        }
        *state = std::mem::zeroed();
    }
}

/// Gives the interpreter its class loader and installs the Java import hook
/// driven by `enquirer` (a `jep.ClassEnquirer`; null leaves imports of Java
/// packages off).
pub fn configure(
    gil: Gil<'_>,
    env: crate::jni::env::Env<'_>,
    globals: &PyRef<'_>,
    loader: jobject,
    enquirer: jobject,
) -> crate::jni::env::JResult<()> {
    current(gil)?;
    // SAFETY: the module is registered (current succeeded); its state belongs to
    // this interpreter, whose GIL we hold, and no other reference to it is live.
    let state_mut = unsafe { &mut *state_ptr()? };
    if !state_mut.class_loader.is_null() {
        types::refs::delete_global(state_mut.class_loader);
        state_mut.class_loader = std::ptr::null_mut();
    }
    if !loader.is_null() {
        state_mut.class_loader = env.new_global(loader);
    }
    // As in Jep, `jep` is imported before the Java import hook is installed, so
    // importing it never asks the enquirer. The globals start with it, as in Jep
    // (what `import jep` there would bind, without compiling that statement).
    let jep = gil.import("jep")?;
    let name = crate::core::interned(gil, c"jep")?;
    // SAFETY: live dict, key and value; we hold the GIL.
    if unsafe { ffi::PyDict_SetItem(globals.as_ptr(), name.as_ptr(), jep.as_ptr()) } != 0 {
        return Err(gil.take_error().into());
    }
    if !state_mut.pending_enquirer.is_null() {
        types::refs::delete_global(state_mut.pending_enquirer);
        state_mut.pending_enquirer = std::ptr::null_mut();
    }
    // The enquirer stays a Java reference until the hook first needs it: its
    // Python class is built then, not for every interpreter opened.
    let enquirer = if enquirer.is_null() {
        gil.none()
    } else {
        state_mut.pending_enquirer = env.new_global(enquirer);
        state_mut.attr(gil, "_PENDING")?
    };
    state_mut.attr(gil, "_install_importer")?.call1(&enquirer)?;
    Ok(())
}

/// Takes the main interpreter's shared modules out of the current (legacy sub-)
/// interpreter's `sys.modules` before it ends, so its teardown does not clear
/// them: calls the bootstrap's `_unshare_modules` if it ran (only its rest
/// shares modules, see lazy.py); never loads `_jep` or that rest.
pub fn unshare_modules(gil: Gil<'_>) -> Result<()> {
    let Some(state) = loaded(gil) else {
        return Ok(());
    };
    // SAFETY: the module is live; the lookup borrows from its dict; we hold the GIL.
    let unshare = unsafe {
        ffi::PyDict_GetItemString(
            ffi::PyModule_GetDict(state.module),
            c"_unshare_modules".as_ptr(),
        )
    };
    if unshare.is_null() {
        return Ok(());
    }
    // SAFETY: a live callable (the dict holds it while the call runs); we hold the GIL.
    gil.owned(unsafe { ffi::PyObject_CallNoArgs(unshare) })?;
    Ok(())
}

/// The pending `ClassEnquirer` of the current interpreter as a Python object
/// (`None` when none is pending); it is no longer pending afterwards.
pub(super) fn take_enquirer<'py>(
    gil: Gil<'py>,
    env: crate::jni::env::Env<'_>,
) -> crate::jni::env::JResult<PyRef<'py>> {
    current(gil)?;
    // SAFETY: the module is registered (current succeeded); its state belongs to
    // this interpreter, whose GIL we hold, and no other reference to it is live.
    let state_mut = unsafe { &mut *state_ptr()? };
    let pending = std::mem::replace(&mut state_mut.pending_enquirer, std::ptr::null_mut());
    if pending.is_null() {
        return Ok(gil.none());
    }
    let converted = crate::jni::to_python::to_python(env, gil, pending);
    types::refs::delete_global(pending);
    converted
}

/// The raw state of the current interpreter's registered `jep` module.
unsafe fn state_ptr() -> Result<*mut State> {
    // SAFETY: the caller holds the GIL.
    unsafe {
        let dict = ffi::PyInterpreterState_GetDict(ffi::PyInterpreterState_Get());
        let module = if dict.is_null() {
            dict
        } else {
            ffi::PyDict_GetItemString(dict, INTERPRETER_KEY.as_ptr())
        };
        if module.is_null() {
            return Err(Error::Usage("the jep module is not loaded".into()));
        }
        Ok(ffi::PyModule_GetState(module).cast())
    }
}
