//! Interpreters and their thread states.
//!
//! krait owns every `PyThreadState`: an [`Interpreter`] is bound to the thread
//! that opened it and holds that thread's state for its Python interpreter.
//! Entering means `PyEval_RestoreThread`, leaving `PyEval_SaveThread`; no
//! `PyGILState_*` call is ever made. A thread has at most one open interpreter.
//!
//! This module holds the [`Interpreter`] itself, entering and closing it;
//! opening one (shared, sub-interpreter, attached) is in `open.rs`.

use std::cell::RefCell;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use pyo3::ffi;

use super::error::{Error, Result};
use super::gil::{Gil, PyRef};
use super::teardown::{self, delete_current, Ending};
use super::thread::{self, ThreadRecord};

/// True when the calling thread is inside some interpreter through `enter`.
/// (A thread whose Python code is calling the host is inside too.)
pub(super) fn inside_python() -> bool {
    let thread = thread::current();
    !thread.entered.get().is_null() || !thread.suspended.get().is_null()
}

/// Which kind of Python interpreter an [`Interpreter`] runs in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InterpreterKind {
    /// The main interpreter, shared by all shared interpreters (own globals each).
    Shared,
    /// A sub-interpreter of its own; `own_gil` when it has a GIL of its own.
    Sub {
        /// True for an isolated sub-interpreter with its own GIL.
        own_gil: bool,
    },
    /// Another thread's view of an open interpreter (see [`Interpreter::attach`]).
    Attached,
}

/// An open interpreter: a thread state of one Python interpreter bound to the
/// thread that opened it, plus the globals dict its code runs in.
pub struct Interpreter {
    kind: InterpreterKind,
    pub(super) id: i64,
    pub(super) tstate: *mut ffi::PyThreadState,
    pub(super) globals: *mut ffi::PyObject,
    pub(super) pending_lines: RefCell<Vec<String>>,
    /// Compiled code of recently run sources.
    pub(super) code_cache: super::code_cache::CodeCache,
    /// Names the host bound to slots (see [`Attached::bind_name`]).
    pub(super) names: super::names::NameSlots,
    /// The open interpreters over the same Python interpreter (this one, the
    /// one it is attached to, the others attached to that one).
    pub(super) group: Arc<Group>,
    /// How other threads interrupt the Python code this one runs.
    interrupt: Arc<super::interrupt::Target>,
}

/// The open [`Interpreter`]s over one Python interpreter: a sub-interpreter
/// ends when the last of them closes, whichever it is.
pub(super) struct Group {
    /// How many are open.
    pub(super) open: AtomicUsize,
    /// True for a sub-interpreter, false for the main interpreter (never ended).
    sub: bool,
}

impl Group {
    pub(super) fn new(sub: bool) -> Arc<Group> {
        Arc::new(Group {
            open: AtomicUsize::new(1),
            sub,
        })
    }
}

impl Interpreter {
    pub(super) fn new(
        kind: InterpreterKind,
        tstate: *mut ffi::PyThreadState,
        group: Arc<Group>,
    ) -> Interpreter {
        Interpreter {
            kind,
            // SAFETY: tstate is a valid thread state of its interpreter.
            id: unsafe { ffi::PyInterpreterState_GetID(ffi::PyThreadState_GetInterpreter(tstate)) },
            tstate,
            globals: std::ptr::null_mut(),
            pending_lines: RefCell::new(Vec::new()),
            code_cache: super::code_cache::CodeCache::default(),
            names: super::names::NameSlots::default(),
            group,
            // SAFETY: tstate was created for the calling thread, which owns it.
            interrupt: unsafe { super::interrupt::Target::new(tstate) },
        }
    }

    /// CPython's ID of the Python interpreter this runs in (unique in the process).
    pub fn id(&self) -> i64 {
        self.id
    }

    /// How many compiled sources this interpreter keeps (for tests and tuning).
    pub fn cached_code_count(&self) -> usize {
        self.code_cache.len()
    }

    /// The key naming this interpreter to [`super::interrupt()`] from any thread.
    pub fn interrupt_key(&self) -> u64 {
        self.interrupt.key()
    }

    /// The kind of this interpreter.
    pub fn kind(&self) -> InterpreterKind {
        self.kind
    }

    /// Checks that the calling thread owns this interpreter.
    pub fn check_thread(&self) -> Result<()> {
        self.check_owner(thread::current())
    }

    /// Checks that the thread of `thread` owns this interpreter: the one open
    /// on it (a thread has at most one, and its owner is the thread that opened it).
    #[inline(always)]
    fn check_owner(&self, thread: &ThreadRecord) -> Result<()> {
        if std::ptr::eq(thread.open.get(), self) {
            Ok(())
        } else {
            Err(Error::InvalidThread)
        }
    }

    /// Enters the interpreter on the calling (owning) thread. Re-entering while
    /// already inside (Python called the host, which calls back) is allowed.
    /// (Inlined: on every entry's path, and a result returned through memory
    /// costs a store-forwarding stall when the caller reads it back.)
    #[inline(always)]
    pub fn enter(&self) -> Result<Attached<'_>> {
        // One thread-local access for the whole call (each costs a call in a
        // shared library): the thread's record, kept for leaving.
        let thread = thread::current();
        self.check_owner(thread)?;
        super::stack::check_on(thread, super::stack::ENTRY_RESERVE, "enter Python")?;
        let current = thread.entered.get();
        if current == self.tstate {
            return Ok(Attached {
                interp: self,
                leave: None,
            });
        }
        if !current.is_null() {
            return Err(another_active());
        }
        self.restore(thread);
        Ok(Attached {
            interp: self,
            leave: Some(thread),
        })
    }

    /// Makes this interpreter's thread state current on the calling thread
    /// (whose record is `thread`, with no thread state entered) and marks it entered.
    fn restore(&self, thread: &ThreadRecord) {
        // SAFETY: tstate belongs to this thread (the caller checked) and is not current.
        unsafe { ffi::PyEval_RestoreThread(self.tstate) };
        self.interrupt.entered();
        thread.entered.set(self.tstate);
        // Marked entered first: a released object's `__del__` may call the host,
        // which may call back into this interpreter (a nested, not a second, entry).
        // SAFETY: we hold this interpreter's GIL, so its queued references may go.
        unsafe { super::deferred::drain(self.id) };
    }

    /// Closes the interpreter: frees its globals and thread state, and ends a
    /// sub-interpreter when this is the last interpreter open over it, in the
    /// order of [`super::teardown`] (non-daemon threads refuse the close, `atexit`
    /// runs, other threads are stopped within a deadline). On the wrong thread,
    /// or when it cannot close now, the interpreter is handed back.
    pub fn close(self: Box<Self>) -> std::result::Result<(), CloseError> {
        if let Err(err) = self.check_thread() {
            return Err(CloseError::Refused(self, err));
        }
        if let Err(err) = self.check_closable() {
            return Err(CloseError::Refused(self, err));
        }
        let thread = thread::current();
        if thread.entered.get() == self.tstate || thread.suspended.get() == self.tstate {
            return Err(CloseError::Refused(
                self,
                Error::Usage(
                    "an interpreter cannot be closed while Python code of it is running".into(),
                ),
            ));
        }
        self.interrupt.close();
        // SAFETY: we are on the owning thread and the tstate is not current.
        let ending = unsafe {
            ffi::PyEval_RestoreThread(self.tstate);
            self.release_and_end()
        };
        thread.claimed.set(false);
        thread.open.set(std::ptr::null());
        match ending {
            Ending::Ended => {
                log::debug!("closed an interpreter of Python interpreter {}", self.id);
                Ok(())
            }
            Ending::Detached(threads) => Err(CloseError::Detached(self.detached_error(threads))),
        }
    }

    /// Frees the globals and ends the thread state, and the sub-interpreter when
    /// this is the last interpreter open over it.
    ///
    /// # Safety
    /// `self.tstate` is current on this thread and runs no Python frame.
    unsafe fn release_and_end(&self) -> Ending {
        // Counted down while holding the interpreter's GIL, so that the last one
        // to close sees every other thread state of the group deleted.
        let last_of_sub = self.group.open.fetch_sub(1, Ordering::SeqCst) == 1 && self.group.sub;
        if last_of_sub {
            // SAFETY: per the contract we hold the interpreter's GIL.
            teardown::finish_threads(unsafe { Gil::assume() });
        }
        // SAFETY: per the contract; the globals reference is ours.
        unsafe {
            self.code_cache.clear();
            self.names.clear();
            ffi::Py_XDECREF(self.globals);
        }
        if !last_of_sub {
            // SAFETY: per the contract.
            unsafe { leave_thread_state(self.tstate) };
            return Ending::Ended;
        }
        // SAFETY: per the contract; nothing uses the tstate afterwards.
        let ending = unsafe { teardown::end_or_detach(self.tstate) };
        super::deferred::close(self.id);
        #[cfg(Py_3_12)]
        super::relink::forget(self.id);
        ending
    }

    /// Logs and describes a sub-interpreter left alive because `threads` threads
    /// it started did not stop.
    fn detached_error(&self, threads: usize) -> Error {
        let text = format!(
            "the sub-interpreter was closed, but {threads} Python thread(s) it started were \
             still running {seconds} s after SystemExit was raised in them, so its Python \
             interpreter (id {id}) is kept alive, detached, until the process ends; stop or \
             join such threads (daemon threads, _thread.start_new_thread) before close()",
            seconds = teardown::DAEMON_DEADLINE.as_secs_f32(),
            id = self.id,
        );
        log::warn!("{text}");
        Error::Usage(text)
    }

    /// Fails when closing now would end a sub-interpreter in which Python
    /// threads (other than those of open interpreters) still run: ending it
    /// would wait for them, or abort the process.
    pub fn check_closable(&self) -> Result<()> {
        if !self.group.sub || self.group.open.load(Ordering::SeqCst) > 1 {
            return Ok(());
        }
        let attached = self.enter()?;
        let count = teardown::other_python_threads(attached.gil())?;
        if count != 0 {
            return Err(Error::Usage(format!(
                "All threads must be stopped before closing the interpreter: {count} Python \
                 thread(s) started in this sub-interpreter still run; join them first"
            )));
        }
        Ok(())
    }

    /// Ends a sub-interpreter whose set-up failed (not yet counted as open).
    pub(super) unsafe fn end_sub(&self) {
        // SAFETY: per the caller, tstate is this thread's and not current.
        let ending = unsafe {
            ffi::PyEval_RestoreThread(self.tstate);
            self.release_and_end()
        };
        if let Ending::Detached(threads) = ending {
            drop(self.detached_error(threads));
        }
    }
}

/// Releases the GIL held through `tstate`, the current thread state of a
/// closing interpreter that ends no sub-interpreter: CPython's start thread
/// state is kept (handed back, see `runtime::take_start_thread_state`), any
/// other is cleared and deleted.
///
/// # Safety
/// `tstate` is current on this thread with its GIL held and runs no Python
/// frame; the closing interpreter does not use it afterwards.
pub(super) unsafe fn leave_thread_state(tstate: *mut ffi::PyThreadState) {
    if super::runtime::give_back_start_thread_state(tstate) {
        // SAFETY: per the contract; the thread state stays alive for the next taker.
        unsafe { ffi::PyEval_SaveThread() };
    } else {
        // SAFETY: per the contract.
        unsafe { delete_current() };
    }
}

/// Why [`Interpreter::enter`] refuses while another interpreter is entered.
#[cold]
#[inline(never)]
fn another_active() -> Error {
    Error::Usage("another Python interpreter is active on this thread".into())
}

/// Why [`Interpreter::close`] did not close cleanly.
pub enum CloseError {
    /// Not closed: the interpreter is handed back, still open and usable.
    Refused(Box<Interpreter>, Error),
    /// Closed, but threads its code started did not stop, so the Python
    /// sub-interpreter stays alive, detached, until the process ends.
    Detached(Error),
}

impl CloseError {
    /// The error, whether or not the interpreter was closed.
    pub fn into_error(self) -> Error {
        match self {
            CloseError::Refused(_, err) | CloseError::Detached(err) => err,
        }
    }
}

/// The calling thread inside an [`Interpreter`]: holds its GIL until dropped.
pub struct Attached<'i> {
    pub(super) interp: &'i Interpreter,
    /// The calling thread's record (read once, in `enter`) when this entry
    /// restored the thread state and leaves it when dropped; `None` for an
    /// entry nested in one that did. (No separate flag: a small, padding-free
    /// value is cheap to return.)
    leave: Option<&'static ThreadRecord>,
}

impl Attached<'_> {
    /// The GIL token for Python work in this interpreter.
    pub fn gil(&self) -> Gil<'_> {
        // SAFETY: constructing an Attached made the interpreter's tstate current.
        unsafe { Gil::assume() }
    }

    /// The interpreter's globals dict.
    pub fn globals(&self) -> PyRef<'_> {
        self.gil()
            .borrowed(self.interp.globals)
            .expect("globals exist while the interpreter is open")
    }
}

impl Drop for Attached<'_> {
    fn drop(&mut self) {
        if let Some(thread) = self.leave {
            self.interp.interrupt.leaving();
            thread.entered.set(std::ptr::null_mut());
            // SAFETY: we made the tstate current in `enter` and leave it now.
            unsafe { ffi::PyEval_SaveThread() };
        }
    }
}
