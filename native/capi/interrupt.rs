//! Stopping runaway Python code from any thread: `krait_interrupt_key` names an
//! interpreter on its own thread, `krait_interrupt` uses that name from any
//! thread (see `core::interrupt`).

use super::args::Out;
use super::error::{quiet, status, KraitStatus};
use super::interpreter::{interpreter, KraitInterpreter};
use crate::core::{self, InterruptRequest};

/// What `krait_interrupt` found.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KraitInterrupt {
    /// The interpreter runs Python code: `KeyboardInterrupt` is on its way.
    Sent = 0,
    /// Nothing runs in the interpreter: nothing was done, and no later call is affected.
    Idle = 1,
    /// No open interpreter has this key (it was closed, or the key is unknown):
    /// nothing was done.
    Closed = 2,
}

impl From<InterruptRequest> for KraitInterrupt {
    fn from(request: InterruptRequest) -> Self {
        match request {
            InterruptRequest::Sent => KraitInterrupt::Sent,
            InterruptRequest::Idle => KraitInterrupt::Idle,
            InterruptRequest::Closed => KraitInterrupt::Closed,
        }
    }
}

/// Stores in `*out` the key that names the interpreter to `krait_interrupt`:
/// never 0, the same for as long as the interpreter is open, and never reused.
/// Must be called on the thread that opened the interpreter (else
/// `KRAIT_STATUS_INVALID_THREAD`); on failure `*out` is 0.
///
/// # Safety
/// `interp` is NULL or an open handle; `out` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn krait_interrupt_key(
    interp: *const KraitInterpreter,
    out: *mut u64,
) -> KraitStatus {
    status(|| {
        // SAFETY: the caller passes NULL or writable storage.
        let out = unsafe { Out::emptied(out, 0, "out") }?;
        // SAFETY: the caller passes NULL or an open handle.
        let interp = unsafe { interpreter(interp) }?;
        interp.check_thread()?;
        out.put(interp.interrupt_key());
        Ok(())
    })
}

/// Makes the Python code that the interpreter named by `key` (from
/// `krait_interrupt_key`) runs raise `KeyboardInterrupt` at its next bytecode
/// boundary: the running `krait_exec`, `krait_eval` or `krait_call` then returns
/// `KRAIT_STATUS_PYTHON_ERROR` with `<class 'KeyboardInterrupt'>` in
/// `krait_last_error()`, and the interpreter stays usable. Code blocked in a C
/// function (`time.sleep`) is interrupted when that function returns.
///
/// Any thread may call it, at any time, even after the interpreter is closed.
/// It never waits for a GIL and returns at once: a short-lived krait thread
/// delivers the interrupt. An interrupt that finds the call ending is withdrawn,
/// so it never reaches a later call. The last error is left alone (a caught
/// internal failure gives `KRAIT_INTERRUPT_CLOSED` and sets it).
#[unsafe(no_mangle)]
pub extern "C" fn krait_interrupt(key: u64) -> KraitInterrupt {
    quiet(KraitInterrupt::Closed, || core::interrupt(key).into())
}
