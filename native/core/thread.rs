//! The calling thread's krait state in one thread-local record, so that an
//! entry reads it with one thread-local access (in a shared library each is a
//! call through `__tls_get_addr`) and keeps the reference for the rest of the
//! call instead of looking each field up again.

use std::cell::Cell;

use pyo3::ffi;

use super::interpreter::Interpreter;

/// What krait knows about the calling thread.
pub(super) struct ThreadRecord {
    /// The thread state this thread has entered through `Interpreter::enter`
    /// (or a resumed callback), if any. (CPython ≤ 3.11 only tracks the GIL
    /// holder's state, not each thread's.)
    pub(super) entered: Cell<*mut ffi::PyThreadState>,
    /// The thread state this thread gave up in `without_gil`, if a host call runs.
    pub(super) suspended: Cell<*mut ffi::PyThreadState>,
    /// The lowest usable address of this thread's stack (0: not known yet,
    /// 1: unknown, no checks).
    pub(super) stack_low: Cell<usize>,
    /// Whether the thread has an open interpreter (claimed while opening it).
    pub(super) claimed: Cell<bool>,
    /// The interpreter open on this thread, if any.
    pub(super) open: Cell<*const Interpreter>,
}

thread_local! {
    static RECORD: ThreadRecord = const {
        ThreadRecord {
            entered: Cell::new(std::ptr::null_mut()),
            suspended: Cell::new(std::ptr::null_mut()),
            stack_low: Cell::new(0),
            claimed: Cell::new(false),
            open: Cell::new(std::ptr::null()),
        }
    };
}

/// The calling thread's record.
#[inline(always)]
pub(super) fn current() -> &'static ThreadRecord {
    let record = RECORD.with(|record| record as *const ThreadRecord);
    // SAFETY: a const-initialised thread-local without a destructor lives as
    // long as its thread, and the reference cannot leave it (`ThreadRecord`
    // holds `Cell`s, so it is not `Sync` and references to it are not `Send`).
    unsafe { &*record }
}
