//! Python references released by the host from arbitrary threads (Java's
//! `Cleaner`): queued per interpreter and decremented the next time a thread
//! enters that interpreter, never from the releasing thread itself.

use std::sync::atomic::{AtomicBool, Ordering};

use parking_lot::Mutex;
use pyo3::ffi;

struct Queue {
    /// Interpreters that are open (by CPython interpreter ID).
    live: Vec<i64>,
    /// (interpreter ID, object pointer) waiting for a decref.
    pending: Vec<(i64, usize)>,
}

static QUEUE: Mutex<Queue> = Mutex::new(Queue {
    live: Vec::new(),
    pending: Vec::new(),
});
static ANY_PENDING: AtomicBool = AtomicBool::new(false);

/// Marks an interpreter as open, so releases for it are queued.
pub(super) fn open(id: i64) {
    let mut queue = QUEUE.lock();
    if !queue.live.contains(&id) {
        queue.live.push(id);
    }
}

/// Marks an interpreter as gone: its queued releases are dropped (the
/// objects died with it) and later ones are ignored.
pub(super) fn close(id: i64) {
    let mut queue = QUEUE.lock();
    queue.live.retain(|live| *live != id);
    queue.pending.retain(|(owner, _)| *owner != id);
}

/// True while interpreter `id` is open (on some thread).
pub(super) fn is_live(id: i64) -> bool {
    QUEUE.lock().live.contains(&id)
}

/// Queues a decref of `object` (a strong reference the host owned) for the
/// interpreter `id`; ignored when that interpreter is gone.
pub fn release(id: i64, object: usize) {
    let mut queue = QUEUE.lock();
    if queue.live.contains(&id) {
        queue.pending.push((id, object));
        ANY_PENDING.store(true, Ordering::Release);
    }
}

/// Decrements the queued references of interpreter `id`.
///
/// # Safety
/// The caller holds the GIL of interpreter `id`.
#[inline(always)]
pub(super) unsafe fn drain(id: i64) {
    if ANY_PENDING.load(Ordering::Acquire) {
        // SAFETY: per this function's contract.
        unsafe { drain_queued(id) };
    }
}

/// [`drain`] when references are queued (out of line: the rare path).
///
/// # Safety
/// As for [`drain`].
#[inline(never)]
unsafe fn drain_queued(id: i64) {
    let mine: Vec<usize> = {
        let mut queue = QUEUE.lock();
        let (mine, rest): (Vec<_>, Vec<_>) =
            queue.pending.drain(..).partition(|(owner, _)| *owner == id);
        ANY_PENDING.store(!rest.is_empty(), Ordering::Release);
        queue.pending = rest;
        mine.into_iter().map(|(_, object)| object).collect()
    };
    for object in mine {
        // SAFETY: the host owned this strong reference to an object of this interpreter.
        unsafe { ffi::Py_DECREF(object as *mut ffi::PyObject) };
    }
}
