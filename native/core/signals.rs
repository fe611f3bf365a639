//! The host keeps its fatal-signal handlers: Python's `faulthandler` cannot
//! take them over.
//!
//! The JVM uses SIGSEGV, SIGBUS, SIGFPE and SIGILL itself (implicit null
//! checks, safepoint polls, stack banging in JIT-compiled code). Once
//! `faulthandler.enable()` replaced those handlers (pytest calls it), the first
//! such routine signal printed "Fatal Python error" and killed the process.
//!
//! krait's decision, *redirect*: before CPython starts, the handlers the host
//! installed for these signals are saved. In every interpreter,
//! `faulthandler.enable` is wrapped so that right after the real one ran, the
//! host's handlers are put back (faulthandler keeps SIGABRT and every signal the
//! host left at its default, and `faulthandler.is_enabled()` stays true), and
//! `faulthandler.register` refuses the host's signals with a `ValueError`.
//! A C host that installed no handler of its own keeps faulthandler's.

use std::ffi::{c_int, CStr};

use once_cell::sync::OnceCell;
use pyo3::ffi;

use super::error::Result;
use super::gil::Gil;

/// The fatal signals a host may use for its own purposes.
const HOST_SIGNALS: [c_int; 4] = [libc::SIGSEGV, libc::SIGBUS, libc::SIGFPE, libc::SIGILL];

/// The attribute marking a `faulthandler` module whose functions are wrapped.
const GUARD_MARK: &CStr = c"_krait_guarded";

/// A saved `sigaction`.
struct Saved(c_int, libc::sigaction);

// SAFETY: a sigaction is plain data (a handler address, flags and a mask).
unsafe impl Send for Saved {}
// SAFETY: as above; it is never mutated after saving.
unsafe impl Sync for Saved {}

/// The host's own handlers, saved once before CPython started.
static HOST_HANDLERS: OnceCell<Vec<Saved>> = OnceCell::new();

/// Saves the handlers the host installed for [`HOST_SIGNALS`] (those left at
/// the default or ignored are not guarded). Call before CPython starts.
pub(super) fn save_host_handlers() {
    HOST_HANDLERS.get_or_init(|| {
        HOST_SIGNALS
            .iter()
            .filter_map(|&signal| {
                // SAFETY: an all-zero sigaction is a valid value to be filled in.
                let mut action: libc::sigaction = unsafe { std::mem::zeroed() };
                // SAFETY: reading the current action into our own struct.
                let read = unsafe { libc::sigaction(signal, std::ptr::null(), &mut action) };
                let own =
                    action.sa_sigaction != libc::SIG_DFL && action.sa_sigaction != libc::SIG_IGN;
                (read == 0 && own).then_some(Saved(signal, action))
            })
            .collect()
    });
}

/// Puts the host's saved handlers back.
pub(super) fn restore_host_handlers() {
    for Saved(signal, action) in HOST_HANDLERS.get().into_iter().flatten() {
        // SAFETY: re-installing an action the host had installed itself.
        unsafe { libc::sigaction(*signal, action, std::ptr::null_mut()) };
    }
}

/// True when the host installed its own handler for `signal`.
fn host_uses(signal: c_int) -> bool {
    HOST_HANDLERS
        .get()
        .is_some_and(|saved| saved.iter().any(|Saved(s, _)| *s == signal))
}

/// The main interpreter's guarded `faulthandler` module and its name (interned,
/// immortal), as addresses: legacy sub-interpreters on CPython 3.12+ use that
/// module instead of importing one of their own (which cost each of them about
/// 1 KB for good, its interned names).
#[cfg(Py_3_12)]
static MAIN_MODULE: OnceCell<(usize, usize)> = OnceCell::new();

/// Wraps `faulthandler.enable` and `faulthandler.register` of the current
/// interpreter (once per module) so they cannot take the host's signals.
pub(super) fn guard_faulthandler(gil: Gil<'_>) -> Result<()> {
    if HOST_HANDLERS.get().map_or(true, Vec::is_empty) {
        return Ok(());
    }
    #[cfg(Py_3_12)]
    if let Some(shared) = share_main_module(gil)? {
        return shared;
    }
    // Isolated sub-interpreters of 3.12 cannot import faulthandler at all.
    let Ok(module) = gil.import("faulthandler") else {
        return Ok(());
    };
    if module.getattr_opt(GUARD_MARK).is_some() {
        return Ok(());
    }
    for (name, def) in [
        (c"enable", &raw mut ENABLE_DEF),
        (c"register", &raw mut REGISTER_DEF),
    ] {
        let Some(original) = module.getattr_opt(name) else {
            continue;
        };
        // SAFETY: the defs are statics that live forever; the new function keeps
        // a reference to the original as its `self`. We hold the GIL.
        let wrapper = gil.owned(unsafe {
            ffi::PyCFunction_NewEx(def, original.as_ptr(), std::ptr::null_mut())
        })?;
        // SAFETY: setting an attribute of a live module; we hold the GIL.
        if unsafe { ffi::PyObject_SetAttrString(module.as_ptr(), name.as_ptr(), wrapper.as_ptr()) }
            != 0
        {
            return Err(gil.take_error());
        }
    }
    // SAFETY: as above; Py_True is immortal or a live singleton.
    if unsafe { ffi::PyObject_SetAttrString(module.as_ptr(), GUARD_MARK.as_ptr(), ffi::Py_True()) }
        != 0
    {
        return Err(gil.take_error());
    }
    #[cfg(Py_3_12)]
    keep_main_module(gil, &module)?;
    Ok(())
}

/// In the main interpreter, keeps its guarded module for legacy sub-interpreters.
#[cfg(Py_3_12)]
fn keep_main_module(gil: Gil<'_>, module: &super::gil::PyRef<'_>) -> Result<()> {
    // SAFETY: we hold the GIL; the interpreter states are live.
    let in_main = unsafe { ffi::PyInterpreterState_Get() == ffi::PyInterpreterState_Main() };
    if in_main && MAIN_MODULE.get().is_none() {
        // SAFETY: a NUL-terminated name; we hold the main interpreter's GIL.
        let name =
            gil.owned(unsafe { ffi::PyUnicode_InternFromString(c"faulthandler".as_ptr()) })?;
        // Both references are kept for the life of the process.
        let _ = MAIN_MODULE.set((
            module.clone_ref().into_ptr() as usize,
            name.into_ptr() as usize,
        ));
    }
    Ok(())
}

/// In a legacy sub-interpreter, puts the main interpreter's guarded module in
/// `sys.modules` (`Some(outcome)`); `None` elsewhere or when there is none.
#[cfg(Py_3_12)]
fn share_main_module(gil: Gil<'_>) -> Result<Option<Result<()>>> {
    let Some(&(module, name)) = MAIN_MODULE.get() else {
        return Ok(None);
    };
    if !super::relink::current_shares_main(gil) {
        return Ok(None);
    }
    // SAFETY: we hold the GIL shared with the main interpreter, whose module and
    // immortal name these are; sys.modules is the current interpreter's.
    let stored = unsafe {
        ffi::PyDict_SetItem(
            ffi::PyImport_GetModuleDict(),
            name as *mut _,
            module as *mut _,
        )
    };
    Ok(Some(if stored == 0 {
        Ok(())
    } else {
        Err(gil.take_error())
    }))
}

/// Takes the main interpreter's `faulthandler` out of a legacy
/// sub-interpreter's `sys.modules` before it ends: ending clears the modules
/// listed there, which must not clear the main interpreter's.
#[cfg(Py_3_12)]
pub(super) fn unshare_main_module(gil: Gil<'_>) {
    let Some(&(module, name)) = MAIN_MODULE.get() else {
        return;
    };
    // SAFETY: we hold the GIL; the key is an immortal string, the dict the
    // current interpreter's; the found item is borrowed only for the comparison.
    unsafe {
        let modules = ffi::PyImport_GetModuleDict();
        let found = ffi::PyDict_GetItemWithError(modules, name as *mut _);
        if found == module as *mut _ && ffi::PyDict_DelItem(modules, name as *mut _) != 0 {
            ffi::PyErr_Clear();
        }
        if found.is_null() {
            ffi::PyErr_Clear();
        }
    }
    let _ = gil;
}

static mut ENABLE_DEF: ffi::PyMethodDef = ffi::PyMethodDef {
    ml_name: c"enable".as_ptr(),
    ml_meth: ffi::PyMethodDefPointer {
        PyCFunctionWithKeywords: guarded_enable,
    },
    ml_flags: ffi::METH_VARARGS | ffi::METH_KEYWORDS,
    ml_doc: c"faulthandler.enable(), except that the host's own fatal-signal handlers \
               (the JVM's SIGSEGV, SIGBUS, SIGFPE, SIGILL) stay installed (krait)."
        .as_ptr(),
};

static mut REGISTER_DEF: ffi::PyMethodDef = ffi::PyMethodDef {
    ml_name: c"register".as_ptr(),
    ml_meth: ffi::PyMethodDefPointer {
        PyCFunctionWithKeywords: guarded_register,
    },
    ml_flags: ffi::METH_VARARGS | ffi::METH_KEYWORDS,
    ml_doc:
        c"faulthandler.register(), refusing the signals the host (the JVM) uses itself (krait)."
            .as_ptr(),
};

/// `faulthandler.enable(...)`: the original, then the host's handlers back.
unsafe extern "C" fn guarded_enable(
    original: *mut ffi::PyObject,
    args: *mut ffi::PyObject,
    kwargs: *mut ffi::PyObject,
) -> *mut ffi::PyObject {
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        // SAFETY: CPython calls us with the GIL held, `original` the wrapped function.
        let result = unsafe { ffi::PyObject_Call(original, args, kwargs) };
        restore_host_handlers();
        result
    }));
    // A panic cannot happen here (no Rust code that panics), but never unwind into C.
    outcome.unwrap_or(std::ptr::null_mut())
}

/// `faulthandler.register(signum, ...)`: refuses the host's signals.
unsafe extern "C" fn guarded_register(
    original: *mut ffi::PyObject,
    args: *mut ffi::PyObject,
    kwargs: *mut ffi::PyObject,
) -> *mut ffi::PyObject {
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        // SAFETY: CPython calls us with the GIL held; args is a tuple, kwargs null or a dict.
        unsafe {
            let signum = if ffi::PyTuple_Size(args) > 0 {
                ffi::PyTuple_GetItem(args, 0)
            } else if !kwargs.is_null() {
                ffi::PyDict_GetItemString(kwargs, c"signum".as_ptr())
            } else {
                std::ptr::null_mut()
            };
            if !signum.is_null() {
                let number = ffi::PyLong_AsLong(signum);
                if number == -1 && !ffi::PyErr_Occurred().is_null() {
                    ffi::PyErr_Clear();
                } else if host_uses(number as c_int) {
                    let text = format!(
                        "krait: signal {number} is used by the host process (the JVM) itself; \
                         faulthandler cannot register it\0"
                    );
                    ffi::PyErr_SetString(ffi::PyExc_ValueError, text.as_ptr().cast());
                    return std::ptr::null_mut();
                }
            }
            ffi::PyObject_Call(original, args, kwargs)
        }
    }));
    outcome.unwrap_or(std::ptr::null_mut())
}
