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
//! interpreter's GIL and allocator (legacy) gets a copy of that code
//! ([`copy_for_current`]): its own tuples, bytes, numbers and non-interned
//! strings, and the main interpreter's immortal interned strings as names.
//! Isolated sub-interpreters (own GIL and allocator) never touch the main
//! interpreter's objects: they load the code from `marshal` data as before.

use std::collections::{HashMap, HashSet};
use std::ffi::CStr;

use once_cell::sync::Lazy;
use parking_lot::Mutex;
use pyo3::ffi;

use super::error::Result;
use super::gil::{Gil, PyRef};

/// Attributes of a code object given afresh to `code.replace` in a copy.
const CODE_FIELDS: [&CStr; 10] = [
    c"co_consts",
    c"co_names",
    c"co_varnames",
    c"co_freevars",
    c"co_cellvars",
    c"co_filename",
    c"co_name",
    c"co_qualname",
    c"co_linetable",
    c"co_exceptiontable",
];

/// The `marshal` format version used to copy a constant.
const MARSHAL_VERSION: i32 = 4;

/// What the main interpreter prepared, as addresses of its objects (strong
/// references kept for the life of the process; CPython is never finalized).
#[derive(Default)]
struct Prepared {
    /// The main interpreter's code of each source, by file name.
    code: HashMap<&'static str, usize>,
    /// The main interpreter's interned names of [`CODE_FIELDS`], in order.
    fields: Vec<usize>,
    /// The main interpreter's interned `"replace"`.
    replace: usize,
}

static PREPARED: Lazy<Mutex<Prepared>> = Lazy::new(Default::default);

/// IDs of the open sub-interpreters that share the main interpreter's GIL and
/// object allocator (legacy ones), which may use its immortal strings.
static SHARES_MAIN: Lazy<Mutex<HashSet<i64>>> = Lazy::new(Default::default);

/// Compiles `sources` (file name, source text) in the main interpreter, whose
/// GIL the caller holds, and keeps the code for [`copy_for_current`].
pub(super) fn prepare(gil: Gil<'_>, sources: &[(&'static str, &'static str)]) -> Result<()> {
    let mut prepared = PREPARED.lock();
    for name in CODE_FIELDS.iter().copied().chain([c"replace"]) {
        // SAFETY: a NUL-terminated name; we hold the main interpreter's GIL.
        let interned = gil.owned(unsafe { ffi::PyUnicode_InternFromString(name.as_ptr()) })?;
        let address = interned.into_ptr() as usize;
        if name == c"replace" {
            prepared.replace = address;
        } else {
            prepared.fields.push(address);
        }
    }
    for (name, source) in sources {
        let code = super::frozen::compile_once(gil, name, source)?;
        prepared.code.insert(name, code.into_ptr() as usize);
    }
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

/// A copy of the main interpreter's code of `name` for the current
/// interpreter, or `None` when it is not a sub-interpreter sharing the main
/// interpreter's GIL and allocator or nothing was prepared under `name`.
pub(super) fn copy_for_current<'py>(gil: Gil<'py>, name: &str) -> Option<Result<PyRef<'py>>> {
    if !SHARES_MAIN.lock().contains(&gil.interpreter_id()) {
        return None;
    }
    let prepared = PREPARED.lock();
    let code = *prepared.code.get(name)?;
    // SAFETY: the current interpreter shares the main interpreter's GIL (held)
    // and allocator; `code` and the names are the main interpreter's live objects.
    Some(unsafe { copy(gil, &prepared, code as *mut ffi::PyObject) })
}

/// True when `object` is an interned, immortal `str`: the same object may be
/// used by every interpreter that shares the main interpreter's GIL.
///
/// # Safety
/// `object` is live; the caller holds the GIL.
unsafe fn shareable_name(object: *mut ffi::PyObject) -> bool {
    // SAFETY: per the contract; an exact str is a PyASCIIObject at least, and a
    // refcount that reads negative as 32 bits is CPython 3.12's immortal mark.
    unsafe {
        ffi::PyUnicode_CheckExact(object) != 0
            && (*object.cast::<ffi::PyASCIIObject>()).interned() != ffi::SSTATE_NOT_INTERNED
            && (ffi::Py_REFCNT(object) as i32) < 0
    }
}

/// A copy of `object` owned by the current interpreter, sharing only immortal
/// interned strings with the main interpreter.
///
/// # Safety
/// `object` belongs to the main interpreter, whose GIL and allocator the
/// current interpreter shares; the caller holds that GIL.
unsafe fn copy<'py>(
    gil: Gil<'py>,
    prepared: &Prepared,
    object: *mut ffi::PyObject,
) -> Result<PyRef<'py>> {
    // SAFETY: per the contract.
    unsafe {
        if shareable_name(object) {
            gil.borrowed(object)
        } else if ffi::PyTuple_CheckExact(object) != 0 {
            copy_tuple(gil, prepared, object)
        } else if ffi::PyCode_Check(object) != 0 {
            copy_code(gil, prepared, object)
        } else if ffi::PyFrozenSet_CheckExact(object) != 0 {
            let items = gil.owned(ffi::PySequence_Tuple(object))?;
            let items = copy_tuple(gil, prepared, items.as_ptr())?;
            gil.owned(ffi::PyFrozenSet_New(items.as_ptr()))
        } else {
            // Numbers, bytes, non-interned strings, None, Ellipsis: a fresh object.
            let data = gil.owned(ffi::PyMarshal_WriteObjectToString(object, MARSHAL_VERSION))?;
            gil.owned(ffi::PyMarshal_ReadObjectFromString(
                ffi::PyBytes_AsString(data.as_ptr()),
                ffi::PyBytes_Size(data.as_ptr()),
            ))
        }
    }
}

/// A new tuple of copies of the items of the tuple `tuple`.
///
/// # Safety
/// As for [`copy`]; `tuple` is a tuple.
unsafe fn copy_tuple<'py>(
    gil: Gil<'py>,
    prepared: &Prepared,
    tuple: *mut ffi::PyObject,
) -> Result<PyRef<'py>> {
    // SAFETY: per the contract; each slot of the new tuple is filled once.
    unsafe {
        let size = ffi::PyTuple_Size(tuple);
        let copied = gil.owned(ffi::PyTuple_New(size))?;
        for index in 0..size {
            let item = copy(gil, prepared, ffi::PyTuple_GetItem(tuple, index))?;
            ffi::PyTuple_SetItem(copied.as_ptr(), index, item.into_ptr());
        }
        Ok(copied)
    }
}

/// A copy of the code object `code` (`code.replace` with every object field copied).
///
/// # Safety
/// As for [`copy`]; `code` is a code object.
unsafe fn copy_code<'py>(
    gil: Gil<'py>,
    prepared: &Prepared,
    code: *mut ffi::PyObject,
) -> Result<PyRef<'py>> {
    // SAFETY: per the contract; the field names are the main interpreter's
    // immortal strings, usable as keys and attribute names here.
    unsafe {
        let kwargs = gil.owned(ffi::PyDict_New())?;
        for &field in &prepared.fields {
            let field = field as *mut ffi::PyObject;
            let value = gil.owned(ffi::PyObject_GetAttr(code, field))?;
            let value = copy(gil, prepared, value.as_ptr())?;
            if ffi::PyDict_SetItem(kwargs.as_ptr(), field, value.as_ptr()) != 0 {
                return Err(gil.take_error());
            }
        }
        let replace = gil.owned(ffi::PyObject_GetAttr(
            code,
            prepared.replace as *mut ffi::PyObject,
        ))?;
        let no_args = gil.owned(ffi::PyTuple_New(0))?;
        gil.owned(ffi::PyObject_Call(
            replace.as_ptr(),
            no_args.as_ptr(),
            kwargs.as_ptr(),
        ))
    }
}
