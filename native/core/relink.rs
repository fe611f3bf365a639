//! Code prepared once per process in the main interpreter and copied into
//! legacy sub-interpreters with the main interpreter's names (CPython 3.12+).
//!
//! CPython 3.12 makes every string it interns immortal, and a sub-interpreter's
//! interned strings are never freed when it ends: each distinct name a legacy
//! sub-interpreter interns (every identifier of code it loads) stays behind,
//! about 65 bytes per name and per closed sub-interpreter. CPython's
//! `PyUnicode_InternInPlace` leaves a string that is already interned alone,
//! so a code object whose names are the main interpreter's interned (immortal)
//! strings interns nothing new. The main interpreter compiles krait's sources
//! once at start ([`prepare`]); a sub-interpreter that shares the main
//! interpreter's GIL and allocator (legacy) gets copies of its code objects
//! ([`copy_for_current`]), which share the main interpreter's immutable
//! constants and names (safe there: one GIL serializes every reference count
//! change, one allocator owns the memory). Isolated sub-interpreters (own GIL
//! and allocator) never touch the main interpreter's objects: they load the
//! code from `marshal` data.

use std::collections::{HashMap, HashSet};
use std::ffi::CStr;

use once_cell::sync::Lazy;
use parking_lot::Mutex;
use pyo3::ffi;

use super::error::Result;
use super::gil::{Gil, PyRef};

/// What the main interpreter prepared, as addresses of its objects (strong
/// references kept for the life of the process; CPython is never finalized).
#[derive(Default)]
struct Prepared {
    /// The main interpreter's code of each source, by file name.
    code: HashMap<&'static str, usize>,
    /// The names copying uses.
    names: Names,
}

/// The main interpreter's interned names that copying code uses.
#[derive(Default, Clone, Copy)]
struct Names {
    /// `"co_consts"`.
    consts: usize,
    /// `"replace"`.
    replace: usize,
}

static PREPARED: Lazy<Mutex<Prepared>> = Lazy::new(Default::default);

/// IDs of the open sub-interpreters that share the main interpreter's GIL and
/// object allocator (legacy ones), which may use its immortal strings.
static SHARES_MAIN: Lazy<Mutex<HashSet<i64>>> = Lazy::new(Default::default);

/// Names interned once for the main interpreter and the legacy
/// sub-interpreters (immortal strings, kept for the life of the process).
static NAMES: Lazy<Mutex<HashMap<&'static CStr, usize>>> = Lazy::new(Default::default);

/// `name` as an interned `str`: in the main interpreter and legacy
/// sub-interpreters the same immortal string every time (created once, in the
/// first of them that asks), so that a sub-interpreter setting an attribute or
/// dict key of that name interns nothing new; elsewhere a newly interned one.
pub fn interned<'py>(gil: Gil<'py>, name: &'static CStr) -> Result<PyRef<'py>> {
    // SAFETY: we hold the GIL; the interpreter states are live.
    let in_main = unsafe { ffi::PyInterpreterState_Get() == ffi::PyInterpreterState_Main() };
    let shares = in_main || current_shares_main(gil);
    if shares {
        if let Some(&kept) = NAMES.lock().get(name) {
            return gil.borrowed(kept as *mut ffi::PyObject);
        }
    }
    // SAFETY: a NUL-terminated name; we hold the GIL.
    let string = gil.owned(unsafe { ffi::PyUnicode_InternFromString(name.as_ptr()) })?;
    // SAFETY: a live object; a refcount negative as 32 bits is 3.12's immortal mark.
    if shares && (unsafe { ffi::Py_REFCNT(string.as_ptr()) } as i32) < 0 {
        NAMES
            .lock()
            .insert(name, string.clone_ref().into_ptr() as usize);
    }
    Ok(string)
}

/// Compiles `sources` (file name, source text) in the main interpreter, whose
/// GIL the caller holds, and keeps the code for [`copy_for_current`].
/// Also imports and guards the main interpreter's `faulthandler`, which legacy
/// sub-interpreters then use (see `signals`).
pub(super) fn prepare(gil: Gil<'_>, sources: &[(&'static str, &'static str)]) -> Result<()> {
    super::signals::guard_faulthandler(gil)?;
    // SAFETY: NUL-terminated names; we hold the main interpreter's GIL.
    let names = unsafe {
        Names {
            consts: gil
                .owned(ffi::PyUnicode_InternFromString(c"co_consts".as_ptr()))?
                .into_ptr() as usize,
            replace: gil
                .owned(ffi::PyUnicode_InternFromString(c"replace".as_ptr()))?
                .into_ptr() as usize,
        }
    };
    let mut code = HashMap::new();
    for (name, source) in sources {
        let compiled = super::frozen::compile_once(gil, name, source)?;
        code.insert(*name, compiled.into_ptr() as usize);
    }
    *PREPARED.lock() = Prepared { code, names };
    Ok(())
}

/// Records that the sub-interpreter `id` shares the main interpreter's GIL and allocator.
pub(super) fn shares_main(id: i64) {
    SHARES_MAIN.lock().insert(id);
}

/// Forgets the sub-interpreter `id` (it is ending).
pub(super) fn forget(id: i64) {
    SHARES_MAIN.lock().remove(&id);
}

/// True when the current interpreter is a sub-interpreter sharing the main
/// interpreter's GIL and allocator (it may use the main interpreter's objects).
pub(super) fn current_shares_main(gil: Gil<'_>) -> bool {
    SHARES_MAIN.lock().contains(&gil.interpreter_id())
}

/// A copy of the main interpreter's code of `name` for the current
/// interpreter, or `None` when it is not a sub-interpreter sharing the main
/// interpreter's GIL and allocator or nothing was prepared under `name`.
pub(super) fn copy_for_current<'py>(gil: Gil<'py>, name: &str) -> Option<Result<PyRef<'py>>> {
    if !current_shares_main(gil) {
        return None;
    }
    // The lock is not held while copying: copying may run Python code (audit hooks).
    let (code, names) = {
        let prepared = PREPARED.lock();
        (*prepared.code.get(name)?, prepared.names)
    };
    // SAFETY: the current interpreter shares the main interpreter's GIL (held)
    // and allocator; `code` and the names are the main interpreter's live objects.
    Some(unsafe { copy(gil, names, code as *mut ffi::PyObject) })
}

/// A copy for the current interpreter of `object`, a constant of the main
/// interpreter's code: code objects (and tuples holding them) are copied, as
/// code keeps per-interpreter state (its specialized instructions); every other
/// constant (immutable: strings, numbers, bytes, tuples of those) is shared.
///
/// # Safety
/// `object` belongs to the main interpreter, whose GIL and allocator the
/// current interpreter shares; the caller holds that GIL.
unsafe fn copy<'py>(gil: Gil<'py>, names: Names, object: *mut ffi::PyObject) -> Result<PyRef<'py>> {
    // SAFETY: per the contract.
    unsafe {
        if ffi::PyCode_Check(object) != 0 {
            copy_code(gil, names, object)
        } else if ffi::PyTuple_CheckExact(object) != 0 && holds_code(object) {
            let size = ffi::PyTuple_Size(object);
            let copied = gil.owned(ffi::PyTuple_New(size))?;
            for index in 0..size {
                let item = copy(gil, names, ffi::PyTuple_GetItem(object, index))?;
                ffi::PyTuple_SetItem(copied.as_ptr(), index, item.into_ptr());
            }
            Ok(copied)
        } else {
            gil.borrowed(object)
        }
    }
}

/// True when the tuple `tuple` holds a code object, directly or in a nested tuple.
///
/// # Safety
/// `tuple` is a live tuple; the caller holds the GIL.
unsafe fn holds_code(tuple: *mut ffi::PyObject) -> bool {
    // SAFETY: per the contract; items of a live tuple are live.
    unsafe {
        (0..ffi::PyTuple_Size(tuple)).any(|index| {
            let item = ffi::PyTuple_GetItem(tuple, index);
            ffi::PyCode_Check(item) != 0 || (ffi::PyTuple_CheckExact(item) != 0 && holds_code(item))
        })
    }
}

/// A copy of the code object `code`: `code.replace`, with its constants copied
/// when they hold code.
///
/// # Safety
/// As for [`copy`]; `code` is a code object.
unsafe fn copy_code<'py>(
    gil: Gil<'py>,
    names: Names,
    code: *mut ffi::PyObject,
) -> Result<PyRef<'py>> {
    // SAFETY: per the contract; the names are the main interpreter's immortal
    // strings, usable as keys and attribute names here.
    unsafe {
        let consts_name = names.consts as *mut ffi::PyObject;
        let consts = gil.owned(ffi::PyObject_GetAttr(code, consts_name))?;
        let kwargs = if holds_code(consts.as_ptr()) {
            let kwargs = gil.owned(ffi::PyDict_New())?;
            let copied = copy(gil, names, consts.as_ptr())?;
            if ffi::PyDict_SetItem(kwargs.as_ptr(), consts_name, copied.as_ptr()) != 0 {
                return Err(gil.take_error());
            }
            Some(kwargs)
        } else {
            None
        };
        let replace = gil.owned(ffi::PyObject_GetAttr(
            code,
            names.replace as *mut ffi::PyObject,
        ))?;
        let no_args = gil.owned(ffi::PyTuple_New(0))?;
        gil.owned(ffi::PyObject_Call(
            replace.as_ptr(),
            no_args.as_ptr(),
            kwargs.as_ref().map_or(std::ptr::null_mut(), PyRef::as_ptr),
        ))
    }
}
