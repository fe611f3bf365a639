//! Interrupting the Python code an [`super::Interpreter`] runs, from any thread.
//!
//! Each open interpreter has a [`Target`]: its Python interpreter state, the
//! thread identifier of its owning thread, and how deeply that thread is inside
//! it. [`Target::interrupt`] starts a short-lived helper thread that joins the
//! target's Python interpreter with a fresh thread state of its own (so it takes
//! the right GIL: the main one for shared and legacy sub-interpreters, the
//! sub-interpreter's own one for isolated ones) and, while holding that GIL,
//! schedules `KeyboardInterrupt` in the owning thread with
//! `PyThreadState_SetAsyncExc`, if the owner is still inside the interpreter.
//!
//! Why it never deadlocks: the caller never waits for a GIL (the helper does);
//! the helper holds no other GIL and no lock while waiting for it; and closing
//! the interpreter waits only for a helper that is already out, waiting for that
//! GIL, which the closing owner does not hold then. At most one helper thread is
//! out per interpreter: requests made meanwhile are folded into its next round. Why an interrupt never hits the
//! next call: the depth and the "delivered" mark change only with the GIL held,
//! and the owner leaving its outermost call withdraws an interrupt scheduled
//! during it that Python had no bytecode boundary left to raise.

use std::collections::HashMap;
use std::ffi::c_ulong;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};

use once_cell::sync::Lazy;
use pyo3::ffi;

/// The open interpreters that may be interrupted, by key.
static TARGETS: Lazy<Mutex<HashMap<u64, Arc<Target>>>> = Lazy::new(|| Mutex::new(HashMap::new()));

/// The next key handed out (0 is never used: it means "none" to hosts).
static NEXT_KEY: AtomicU64 = AtomicU64::new(1);

/// What an interrupt request found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Request {
    /// The owner runs Python code of the interpreter: an interrupt is on its way.
    Sent,
    /// Nothing runs: nothing was done.
    Idle,
    /// The interpreter is closed or closing: nothing was done.
    Closed,
}

/// The interruptible side of one open interpreter.
pub(super) struct Target {
    key: u64,
    state: *mut ffi::PyInterpreterState,
    owner_ident: c_ulong,
    /// How many nested calls of the owner are inside the interpreter (GIL held to change).
    depth: AtomicUsize,
    /// An interrupt was scheduled during the current outermost call (GIL held to change).
    delivered: AtomicBool,
    gate: Mutex<Gate>,
    helpers_done: Condvar,
}

/// Whether the target still takes interrupts, and its helper thread's work.
struct Gate {
    closed: bool,
    /// A helper thread is out (at most one per target: requests coalesce).
    helper_out: bool,
    /// An interrupt was asked for and no helper has taken the request yet.
    requested: bool,
}

// SAFETY: `state` is only dereferenced by CPython calls made while the
// interpreter is open (closing waits for the helper); the rest is atomics and a mutex.
unsafe impl Send for Target {}
// SAFETY: as above.
unsafe impl Sync for Target {}

impl Target {
    /// The target of an interpreter whose thread state `tstate` was created for
    /// the calling thread; registered once a host asks for its [`Target::key`].
    ///
    /// # Safety
    /// `tstate` is a valid thread state bound to the calling thread.
    pub(super) unsafe fn new(tstate: *mut ffi::PyThreadState) -> Arc<Target> {
        Arc::new(Target {
            key: NEXT_KEY.fetch_add(1, Ordering::Relaxed),
            // SAFETY: per the contract, tstate is valid.
            state: unsafe { ffi::PyThreadState_GetInterpreter(tstate) },
            // SAFETY: no preconditions; CPython identifies threads the same way.
            owner_ident: unsafe { ffi::PyThread_get_thread_ident() },
            depth: AtomicUsize::new(0),
            delivered: AtomicBool::new(false),
            gate: Mutex::new(Gate {
                closed: false,
                helper_out: false,
                requested: false,
            }),
            helpers_done: Condvar::new(),
        })
    }

    /// The key hosts use to name this target from any thread (registers it).
    pub(super) fn key(self: &Arc<Self>) -> u64 {
        if !lock(&self.gate).closed {
            lock(&TARGETS)
                .entry(self.key)
                .or_insert_with(|| self.clone());
        }
        self.key
    }

    /// The owner entered its interpreter (GIL held). Only the owner changes `depth`,
    /// and only with the GIL, which orders it with the helper's reads: a plain load
    /// and store, no locked read-modify-write (it costs more than the rest of a call's
    /// bookkeeping, issue 10).
    pub(super) fn entered(&self) {
        let depth = self.depth.load(Ordering::Relaxed);
        self.depth.store(depth + 1, Ordering::Release);
    }

    /// The owner is leaving its interpreter (GIL still held): leaving the outermost
    /// call withdraws an interrupt that Python had no bytecode boundary left to raise.
    /// `delivered` changes only with the GIL too (see [`Target::entered`]).
    pub(super) fn leaving(&self) {
        let depth = self.depth.load(Ordering::Relaxed);
        self.depth.store(depth.saturating_sub(1), Ordering::Release);
        if depth == 1 && self.delivered.load(Ordering::Acquire) {
            self.delivered.store(false, Ordering::Release);
            // SAFETY: the owner holds the GIL of this interpreter with its own state current;
            // a null exception withdraws a pending one.
            unsafe { ffi::PyThreadState_SetAsyncExc(self.owner_ident as _, std::ptr::null_mut()) };
        }
    }

    /// Stops taking interrupts and waits for the helper still out (the owner, closing
    /// the interpreter, holds no GIL). Removes the target from the registry.
    pub(super) fn close(&self) {
        lock(&TARGETS).remove(&self.key);
        let mut gate = lock(&self.gate);
        gate.closed = true;
        while gate.helper_out {
            gate = self
                .helpers_done
                .wait(gate)
                .unwrap_or_else(|poisoned| poisoned.into_inner());
        }
    }

    /// Runs in the helper thread: takes requests until none is left, and for each
    /// joins the interpreter and schedules the interrupt.
    fn serve(&self) {
        loop {
            {
                let mut gate = lock(&self.gate);
                if !gate.requested || gate.closed {
                    gate.helper_out = false;
                    self.helpers_done.notify_all();
                    return;
                }
                gate.requested = false;
            }
            self.deliver();
        }
    }

    /// Joins the interpreter and schedules the interrupt if the owner is inside.
    fn deliver(&self) {
        // SAFETY: the interpreter is open (close waits for the helper); a new thread
        // state needs no GIL; this thread has no other thread state.
        unsafe {
            let tstate = ffi::PyThreadState_New(self.state);
            if tstate.is_null() {
                return;
            }
            ffi::PyEval_RestoreThread(tstate);
            // With the GIL, `depth` is stable: the owner is inside (blocked in C code
            // or between bytecodes), or not.
            if self.depth.load(Ordering::SeqCst) > 0 && !lock(&self.gate).closed {
                let found = ffi::PyThreadState_SetAsyncExc(
                    self.owner_ident as _,
                    ffi::PyExc_KeyboardInterrupt,
                );
                if found > 0 {
                    self.delivered.store(true, Ordering::SeqCst);
                }
            }
            ffi::PyThreadState_Clear(tstate);
            ffi::PyThreadState_DeleteCurrent();
        }
    }
}

/// Asks the interpreter registered under `key` to raise `KeyboardInterrupt` in
/// the Python code its owner runs, at the next bytecode boundary. Returns at once;
/// requests made while one is on its way are delivered by the same helper thread.
pub fn interrupt(key: u64) -> Request {
    let Some(target) = lock(&TARGETS).get(&key).cloned() else {
        return Request::Closed;
    };
    {
        let mut gate = lock(&target.gate);
        if gate.closed {
            return Request::Closed;
        }
        // A racy read is fine here: the helper checks again with the GIL held.
        if target.depth.load(Ordering::SeqCst) == 0 {
            return Request::Idle;
        }
        gate.requested = true;
        if gate.helper_out {
            return Request::Sent;
        }
        gate.helper_out = true;
    }
    let helper = target.clone();
    let spawned = std::thread::Builder::new()
        .name("krait-interrupt".into())
        .spawn(move || {
            let target = helper;
            if std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| target.serve())).is_err() {
                let mut gate = lock(&target.gate);
                gate.helper_out = false;
                target.helpers_done.notify_all();
            }
        });
    if spawned.is_err() {
        let mut gate = lock(&target.gate);
        gate.helper_out = false;
        gate.requested = false;
        target.helpers_done.notify_all();
        return Request::Idle;
    }
    Request::Sent
}

/// Locks a mutex, taking it over from a thread that panicked while holding it.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_keys_are_closed() {
        assert_eq!(interrupt(0), Request::Closed);
        assert_eq!(interrupt(u64::MAX), Request::Closed);
    }
}
