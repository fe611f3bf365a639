//! Interpreters and their thread states.
//!
//! krait owns every `PyThreadState`: an [`Interpreter`] is bound to the thread
//! that opened it and holds that thread's state for its Python interpreter.
//! Entering means `PyEval_RestoreThread`, leaving `PyEval_SaveThread`; no
//! `PyGILState_*` call is ever made. A thread has at most one open interpreter.

use std::cell::RefCell;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use pyo3::ffi;

use super::config::SubOptions;
use super::error::{Error, Result};
use super::gil::{Gil, PyRef};
use super::runtime::runtime;
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
    id: i64,
    tstate: *mut ffi::PyThreadState,
    pub(super) globals: *mut ffi::PyObject,
    pub(super) pending_lines: RefCell<Vec<String>>,
    /// Compiled code of recently run sources.
    pub(super) code_cache: super::code_cache::CodeCache,
    /// Names the host bound to slots (see [`Attached::bind_name`]).
    pub(super) names: super::names::NameSlots,
    /// The open interpreters over the same Python interpreter (this one, the
    /// one it is attached to, the others attached to that one).
    group: Arc<Group>,
    /// How other threads interrupt the Python code this one runs.
    interrupt: Arc<super::interrupt::Target>,
}

/// The open [`Interpreter`]s over one Python interpreter: a sub-interpreter
/// ends when the last of them closes, whichever it is.
struct Group {
    /// How many are open.
    open: AtomicUsize,
    /// True for a sub-interpreter, false for the main interpreter (never ended).
    sub: bool,
}

impl Group {
    fn new(sub: bool) -> Arc<Group> {
        Arc::new(Group {
            open: AtomicUsize::new(1),
            sub,
        })
    }
}

impl Interpreter {
    /// Opens a shared interpreter (the main Python interpreter, own globals) on
    /// the calling thread. `include_paths` are put in front of `sys.path`. On
    /// the thread that started CPython with `start_on_this_thread` it runs on
    /// the thread state CPython created at start (the one signals reach).
    pub fn open_shared(include_paths: &[String]) -> Result<Box<Interpreter>> {
        let runtime = runtime()?;
        let slot = ThreadSlot::claim()?;
        let tstate = super::runtime::take_start_thread_state().unwrap_or_else(|| {
            // SAFETY: the runtime is started; a new thread state needs no GIL.
            unsafe { ffi::PyThreadState_New(runtime.main as *mut _) }
        });
        if tstate.is_null() {
            return Err(Error::Internal(
                "could not create a Python thread state".into(),
            ));
        }
        let mut interp = Interpreter::new(InterpreterKind::Shared, tstate, Group::new(false));
        // SAFETY: tstate is ours and not current anywhere.
        unsafe { ffi::PyEval_RestoreThread(tstate) };
        // SAFETY: we hold the GIL with tstate current.
        let setup = interp.setup(unsafe { Gil::assume() }, include_paths);
        match setup {
            Ok(()) => {
                // SAFETY: releasing the GIL we took above.
                unsafe { ffi::PyEval_SaveThread() };
                log::debug!(
                    "opened a shared interpreter (Python interpreter {})",
                    interp.id
                );
                Ok(slot.keep(Box::new(interp)))
            }
            Err(err) => {
                // SAFETY: tstate is current; leave or delete it, releasing the GIL.
                unsafe { leave_thread_state(tstate) };
                Err(err)
            }
        }
    }

    /// Opens a sub-interpreter with its own modules on the calling thread.
    pub fn open_sub(include_paths: &[String], options: &SubOptions) -> Result<Box<Interpreter>> {
        options.validate().map_err(Error::Usage)?;
        let runtime = runtime()?;
        let slot = ThreadSlot::claim()?;
        // SAFETY: a temporary main-interpreter thread state lets us hold the GIL while
        // the sub-interpreter is created; it is deleted again below.
        let helper = unsafe { ffi::PyThreadState_New(runtime.main as *mut _) };
        if helper.is_null() {
            return Err(Error::Internal(
                "could not create a Python thread state".into(),
            ));
        }
        // SAFETY: helper is ours and not current anywhere.
        unsafe { ffi::PyEval_RestoreThread(helper) };
        // SAFETY: we hold the main GIL through helper.
        let created = unsafe { super::sub_create::new_sub_interpreter(options) };
        let tstate = match created {
            Ok(tstate) => tstate,
            Err(err) => {
                // SAFETY: on failure CPython leaves helper current.
                unsafe { delete_current() };
                return Err(err);
            }
        };
        let own_gil = options.own_gil == Some(true);
        let mut interp =
            Interpreter::new(InterpreterKind::Sub { own_gil }, tstate, Group::new(true));
        #[cfg(Py_3_12)]
        if !own_gil && options.use_main_obmalloc != Some(false) {
            super::relink::shares_main(interp.id);
        }
        // SAFETY: the new sub-interpreter's thread state is current.
        let gil = unsafe { Gil::assume() };
        #[cfg(Py_3_13)]
        let setup =
            super::importing_thread::install(gil).and_then(|()| interp.setup(gil, include_paths));
        #[cfg(not(Py_3_13))]
        let setup = interp.setup(gil, include_paths);
        // SAFETY: leave the sub-interpreter, then delete the helper state.
        unsafe {
            ffi::PyEval_SaveThread();
            ffi::PyEval_RestoreThread(helper);
            delete_current();
        }
        match setup {
            Ok(()) => {
                log::debug!(
                    "opened a sub-interpreter (Python interpreter {}, own GIL: {own_gil})",
                    interp.id
                );
                Ok(slot.keep(Box::new(interp)))
            }
            Err(err) => {
                // SAFETY: interp's tstate is valid and owned by this thread.
                unsafe { interp.end_sub() };
                Err(err)
            }
        }
    }

    fn new(
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

    /// Opens another interpreter over the same Python interpreter, bound to the
    /// calling thread (which must not have an open interpreter yet), with the
    /// same globals (`share_globals`) or new ones. Either may close first: a
    /// sub-interpreter ends when the last interpreter over it closes.
    ///
    /// # Safety
    /// `self` must stay open (not closed) while this runs; the host serializes that.
    pub unsafe fn attach(&self, share_globals: bool) -> Result<Box<Interpreter>> {
        let slot = ThreadSlot::claim()?;
        // SAFETY: the interpreter state lives while `self` is open.
        let tstate =
            unsafe { ffi::PyThreadState_New(ffi::PyThreadState_GetInterpreter(self.tstate)) };
        if tstate.is_null() {
            return Err(Error::Internal(
                "could not create a Python thread state".into(),
            ));
        }
        self.group.open.fetch_add(1, Ordering::SeqCst);
        let mut interp = Interpreter::new(InterpreterKind::Attached, tstate, self.group.clone());
        // SAFETY: tstate is ours and not current anywhere.
        unsafe { ffi::PyEval_RestoreThread(tstate) };
        // SAFETY: we hold the interpreter's GIL with tstate current.
        let gil = unsafe { Gil::assume() };
        let setup = if share_globals {
            gil.borrowed(self.globals)
                .map(|globals| interp.globals = globals.into_ptr())
        } else {
            interp.setup(gil, &[])
        };
        match setup {
            Ok(()) => {
                // SAFETY: releasing the GIL we took above.
                unsafe { ffi::PyEval_SaveThread() };
                log::debug!(
                    "opened a shared interpreter (Python interpreter {})",
                    interp.id
                );
                Ok(slot.keep(Box::new(interp)))
            }
            Err(err) => {
                // `self` is open, so this is not the last of the group.
                self.group.open.fetch_sub(1, Ordering::SeqCst);
                // SAFETY: tstate is current; delete it and release the GIL.
                unsafe { delete_current() };
                Err(err)
            }
        }
    }

    /// Creates the globals dict and extends `sys.path`.
    fn setup(&mut self, gil: Gil<'_>, include_paths: &[String]) -> Result<()> {
        // SAFETY: we hold the GIL.
        let globals = gil.owned(unsafe { ffi::PyDict_New() })?;
        let builtins = gil.builtins()?;
        set_item(&globals, "__builtins__", &builtins)?;
        set_item(&globals, "__name__", &gil.str("__main__")?)?;
        prepend_sys_path(gil, include_paths)?;
        super::signals::guard_faulthandler(gil)?;
        self.globals = globals.into_ptr();
        Ok(())
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
    unsafe fn end_sub(&self) {
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
unsafe fn leave_thread_state(tstate: *mut ffi::PyThreadState) {
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

/// Claims the calling thread for one open interpreter.
struct ThreadSlot;

impl ThreadSlot {
    fn claim() -> Result<ThreadSlot> {
        if thread::current().claimed.replace(true) {
            Err(Error::Usage(
                "this thread already has an open interpreter; close it before opening another"
                    .into(),
            ))
        } else {
            Ok(ThreadSlot)
        }
    }

    /// Keeps the claim for `interp`, now open on this thread.
    fn keep(self, interp: Box<Interpreter>) -> Box<Interpreter> {
        std::mem::forget(self);
        thread::current().open.set(&*interp);
        super::deferred::open(interp.id);
        interp
    }
}

impl Drop for ThreadSlot {
    fn drop(&mut self) {
        thread::current().claimed.set(false);
    }
}

fn set_item(dict: &PyRef<'_>, key: &str, value: &PyRef<'_>) -> Result<()> {
    let key = dict.gil().str(key)?;
    // SAFETY: dict is a dict, key and value are live; we hold the GIL.
    if unsafe { ffi::PyDict_SetItem(dict.as_ptr(), key.as_ptr(), value.as_ptr()) } != 0 {
        return Err(dict.gil().take_error());
    }
    Ok(())
}

/// Puts `paths` in front of `sys.path`, skipping those already present.
fn prepend_sys_path(gil: Gil<'_>, paths: &[String]) -> Result<()> {
    if paths.is_empty() {
        return Ok(());
    }
    let sys_path = gil.import("sys")?.getattr("path")?;
    for path in paths.iter().rev() {
        let entry = gil.str(path)?;
        // SAFETY: sys_path and entry are live; we hold the GIL.
        let present = unsafe { ffi::PySequence_Contains(sys_path.as_ptr(), entry.as_ptr()) };
        if present < 0 {
            return Err(gil.take_error());
        }
        // SAFETY: as above; PyList_Insert fails cleanly if sys.path is not a list.
        if present == 0 && unsafe { ffi::PyList_Insert(sys_path.as_ptr(), 0, entry.as_ptr()) } != 0
        {
            return Err(gil.take_error());
        }
    }
    Ok(())
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
