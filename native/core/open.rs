//! Opening interpreters: a shared one, a sub-interpreter or another thread's
//! view of an open one, each bound to the calling thread (which it claims), with
//! a new globals dict and the host's paths in front of `sys.path`.

use std::sync::atomic::Ordering;

use pyo3::ffi;

use super::config::SubOptions;
use super::error::{Error, Result};
use super::gil::{Gil, PyRef};
use super::interpreter::{leave_thread_state, Group, Interpreter, InterpreterKind};
use super::runtime::runtime;
use super::teardown::delete_current;
use super::thread;

/// Opening is logged where the README says interpreters are: `krait.core.interpreter`.
const LOG_TARGET: &str = "krait::core::interpreter";

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
                    target: LOG_TARGET,
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
                    target: LOG_TARGET,
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
                    target: LOG_TARGET,
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
