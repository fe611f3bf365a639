//! Interpreter handles: opening shared and sub-interpreters, closing them, and
//! entering one for a call.

use super::args::Out;
use super::error::{status, KraitStatus};
use super::runtime::require_started;
use crate::core::{Attached, CloseError, Error, Interpreter, SubOptions};

/// An open interpreter (opaque). It belongs to the thread that opened it: using
/// or closing it from another thread fails with `KRAIT_STATUS_INVALID_THREAD`.
/// A thread has at most one open interpreter at a time.
pub struct KraitInterpreter {
    _opaque: [u8; 0],
}

/// The handle given to C for an interpreter: its `Box` turned into a raw pointer.
fn into_handle(interp: Box<Interpreter>) -> *mut KraitInterpreter {
    Box::into_raw(interp).cast()
}

/// The interpreter behind `handle` (a usage error for NULL).
///
/// # Safety
/// `handle` is NULL or a handle from `krait_open_*` that is not closed during `'a`.
pub(super) unsafe fn interpreter<'a>(
    handle: *const KraitInterpreter,
) -> Result<&'a Interpreter, Error> {
    // SAFETY: handles are `Box<Interpreter>` pointers that stay valid until closed.
    unsafe { handle.cast::<Interpreter>().as_ref() }.ok_or_else(|| super::args::null("interp"))
}

/// Enters the interpreter behind `handle` and runs `body` holding its GIL.
///
/// # Safety
/// `handle` is NULL or a handle from `krait_open_*` that was not closed.
pub(super) unsafe fn with_attached<T>(
    handle: *const KraitInterpreter,
    body: impl FnOnce(&Attached<'_>) -> Result<T, Error>,
) -> Result<T, Error> {
    // SAFETY: the caller passes NULL or an open handle.
    let attached = unsafe { interpreter(handle) }?.enter()?;
    body(&attached)
}

/// Opens a shared interpreter on the calling thread: code runs in CPython's main
/// interpreter, with globals of its own. Modules (and `sys`) are shared with every
/// other shared interpreter. On success `*out` is the handle, else NULL.
///
/// # Safety
/// `out` is NULL or points to writable storage for a pointer.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn krait_open_shared(out: *mut *mut KraitInterpreter) -> KraitStatus {
    status(|| {
        // SAFETY: the caller passes NULL or writable storage.
        let out = unsafe { Out::new(out, "out") }?;
        require_started()?;
        out.put(into_handle(Interpreter::open_shared(&[])?));
        Ok(())
    })
}

/// Opens a sub-interpreter on the calling thread, with modules of its own. With
/// `isolated` false it shares the GIL of the main interpreter (like
/// `Py_NewInterpreter`); with `isolated` true (CPython 3.12 and newer) it has its
/// own GIL and runs in parallel with other interpreters, but refuses extension
/// modules that do not support it. On success `*out` is the handle, else NULL.
///
/// # Safety
/// `out` is NULL or points to writable storage for a pointer.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn krait_open_sub(
    isolated: bool,
    out: *mut *mut KraitInterpreter,
) -> KraitStatus {
    status(|| {
        // SAFETY: the caller passes NULL or writable storage.
        let out = unsafe { Out::new(out, "out") }?;
        require_started()?;
        let options = if isolated {
            SubOptions::isolated()
        } else {
            SubOptions::default()
        };
        out.put(into_handle(Interpreter::open_sub(&[], &options)?));
        Ok(())
    })
}

/// Closes an interpreter on the thread that opened it and frees the handle (a
/// sub-interpreter ends). On another thread it fails with
/// `KRAIT_STATUS_INVALID_THREAD` and the handle stays valid. When Python
/// threads the sub-interpreter started do not stop (see the README's
/// Reliability section), the handle is freed anyway and `KRAIT_STATUS_USAGE_ERROR`
/// says the sub-interpreter was left running, detached. Closing twice is
/// undefined behaviour, like any use after a close.
///
/// # Safety
/// `interp` is NULL or a handle from `krait_open_*` that was not closed.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn krait_close(interp: *mut KraitInterpreter) -> KraitStatus {
    status(|| {
        if interp.is_null() {
            return Err(super::args::null("interp"));
        }
        // SAFETY: handles are `Box<Interpreter>` pointers, owned by C until closed.
        let boxed = unsafe { Box::from_raw(interp.cast::<Interpreter>()) };
        boxed.close().map_err(|failure| match failure {
            CloseError::Refused(boxed, err) => {
                // The same allocation goes back to the caller, who still holds `interp`.
                let _ = Box::into_raw(boxed);
                err
            }
            // Closed (the handle is freed), but the sub-interpreter lives on.
            CloseError::Detached(err) => err,
        })
    })
}
