//! The process-wide CPython runtime: started once, on a dedicated thread that
//! CPython treats as its main thread and that stays alive for the process.

use std::ffi::{CStr, CString};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;

use once_cell::sync::OnceCell;
use parking_lot::Mutex;
use pyo3::ffi;

use super::config::{BaseConfig, StartConfig};
use super::error::{Error, Result};
use super::gil::Gil;

/// What the rest of the core needs to know about the started runtime.
pub(super) struct Runtime {
    /// The main interpreter (owned by CPython for the life of the process).
    pub main: usize,
    /// `sys.version` up to the first space, e.g. `3.12.1`.
    pub version: String,
}

static RUNTIME: OnceCell<Runtime> = OnceCell::new();
static START_LOCK: Mutex<Option<String>> = Mutex::new(None);

/// The thread state CPython created when [`start_on_this_thread`] started it,
/// and the ident of that thread. From CPython 3.13 on a signal only sets the
/// eval breaker of this thread state (`_PyRuntime.main_tstate`): Python code
/// running in another thread state of the main thread would run its signal
/// handlers (SIGINT's `KeyboardInterrupt`) only at its next blocking call, never
/// in a busy loop. So the starting thread's shared interpreter runs on it.
static START_THREAD_STATE: OnceCell<(usize, std::ffi::c_ulong)> = OnceCell::new();

/// Whether an open interpreter holds [`START_THREAD_STATE`].
static START_THREAD_STATE_TAKEN: AtomicBool = AtomicBool::new(false);

/// The thread state CPython created at start, for the shared interpreter the
/// calling thread opens: only on the thread that called [`start_on_this_thread`],
/// and only while no open interpreter holds it. Hand it back with
/// [`give_back_start_thread_state`], never delete it.
pub(super) fn take_start_thread_state() -> Option<*mut ffi::PyThreadState> {
    let &(tstate, ident) = START_THREAD_STATE.get()?;
    // SAFETY: PyThread_get_thread_ident has no preconditions.
    let here = unsafe { ffi::PyThread_get_thread_ident() };
    if here != ident || START_THREAD_STATE_TAKEN.swap(true, Ordering::SeqCst) {
        return None;
    }
    Some(tstate as *mut ffi::PyThreadState)
}

/// Whether `tstate` is the one [`take_start_thread_state`] hands out; if so it
/// is free to be taken again (the caller no longer uses it and keeps it alive).
pub(super) fn give_back_start_thread_state(tstate: *mut ffi::PyThreadState) -> bool {
    let ours = START_THREAD_STATE
        .get()
        .is_some_and(|&(start, _)| start == tstate as usize);
    if ours {
        START_THREAD_STATE_TAKEN.store(false, Ordering::SeqCst);
    }
    ours
}

/// The CPython version krait was compiled against, e.g. `3.12`.
pub fn build_python_version() -> &'static str {
    env!("KRAIT_PY_VERSION")
}

/// The running CPython's version (`3.12.1`), once started.
pub fn python_version() -> Option<&'static str> {
    RUNTIME.get().map(|r| r.version.as_str())
}

/// The started runtime, or a usage error saying Python is not running.
pub(super) fn runtime() -> Result<&'static Runtime> {
    RUNTIME
        .get()
        .ok_or_else(|| Error::Usage("CPython has not been started (call start first)".into()))
}

/// Starts CPython with `config` on its own thread. Fails if it was already
/// started or an earlier start failed (CPython cannot be started twice).
pub fn start(config: StartConfig) -> Result<()> {
    let mut earlier = START_LOCK.lock();
    if RUNTIME.get().is_some() {
        return Err(Error::Usage("CPython is already started".into()));
    }
    if let Some(failure) = earlier.as_ref() {
        return Err(Error::Usage(format!(
            "CPython failed to start earlier: {failure}"
        )));
    }
    let outcome = start_on_main_thread(config);
    match outcome {
        Ok(runtime) => {
            log::debug!("CPython {} started", runtime.version);
            // The lock serializes starts, so the cell is still empty.
            let _ = RUNTIME.set(runtime);
            Ok(())
        }
        Err(text) => {
            log::error!("CPython could not be started: {text}");
            *earlier = Some(text.clone());
            Err(Error::Usage(text))
        }
    }
}

fn start_on_main_thread(config: StartConfig) -> std::result::Result<Runtime, String> {
    let libpython = super::libpython::promote_to_global()?;
    log::debug!("libpython {libpython} is loaded and promoted to global symbol scope");
    check_version()?;
    super::signals::save_host_handlers();
    let (sender, receiver) = mpsc::channel();
    std::thread::Builder::new()
        .name("krait-python-main".into())
        .spawn(move || {
            // SAFETY: CPython is not initialized yet and this thread becomes its main thread.
            let outcome = unsafe { initialize(&config, false) }.map(|(runtime, _)| runtime);
            let started = outcome.is_ok();
            let _ = sender.send(outcome);
            if started {
                // CPython's main thread must outlive every use of Python.
                loop {
                    std::thread::park();
                }
            }
        })
        .map_err(|e| format!("could not start the Python main thread: {e}"))?;
    receiver
        .recv()
        .map_err(|_| "the Python main thread ended during start-up".to_string())?
}

fn check_version() -> std::result::Result<(), String> {
    // SAFETY: Py_GetVersion may be called before initialization; it returns a static string.
    let running = unsafe { CStr::from_ptr(ffi::Py_GetVersion()) }.to_string_lossy();
    let built = build_python_version();
    let matches = running
        .strip_prefix(built)
        .is_some_and(|rest| rest.starts_with('.'));
    if matches {
        Ok(())
    } else {
        Err(format!(
            "this libkrait was built for CPython {built} but the loaded libpython is {}",
            running.split(' ').next().unwrap_or(&running)
        ))
    }
}

/// Starts CPython with `config` on the calling thread, which becomes and stays
/// its main thread, with CPython's own signal handlers (SIGINT raises
/// `KeyboardInterrupt`): only for a process that is Python's alone, the
/// worker child of `krait.ProcessInterpreter`. A shared interpreter then opened
/// on this thread runs on CPython's own main thread state (see
/// [`take_start_thread_state`]), where signal handlers run.
pub(crate) fn start_on_this_thread(config: &StartConfig) -> Result<()> {
    let mut earlier = START_LOCK.lock();
    if RUNTIME.get().is_some() || earlier.is_some() {
        return Err(Error::Usage("CPython was already started".into()));
    }
    check_version().map_err(Error::Usage)?;
    // SAFETY: checked above that CPython was not started; the caller's thread
    // stays alive as the process's main thread.
    match unsafe { initialize(config, true) } {
        Ok((runtime, tstate)) => {
            let _ = RUNTIME.set(runtime);
            // SAFETY: PyThread_get_thread_ident has no preconditions.
            let ident = unsafe { ffi::PyThread_get_thread_ident() };
            let _ = START_THREAD_STATE.set((tstate as usize, ident));
            Ok(())
        }
        Err(text) => {
            *earlier = Some(text.clone());
            Err(Error::Usage(text))
        }
    }
}

/// Initializes CPython from `config`, then releases the GIL; returns the
/// runtime and the thread state CPython created for this thread (not current
/// any more, alive for the process). `signal_handlers` installs CPython's own handlers.
///
/// # Safety
/// Must run once, before any other use of CPython, on the thread that stays its main thread.
unsafe fn initialize(
    config: &StartConfig,
    signal_handlers: bool,
) -> std::result::Result<(Runtime, *mut ffi::PyThreadState), String> {
    for module in &config.builtin_modules {
        // SAFETY: before initialization (per the contract); the name and init
        // function are 'static.
        if unsafe { ffi::PyImport_AppendInittab(module.name.as_ptr(), Some(module.init)) } != 0 {
            return Err(format!(
                "could not register the built-in module {:?}",
                module.name
            ));
        }
    }
    // SAFETY: an all-zero PyConfig is what PyConfig_Init*Config expects to fill.
    let mut raw: ffi::PyConfig = unsafe { std::mem::zeroed() };
    match config.base {
        // SAFETY: `raw` is a zeroed PyConfig, initialized here before any other use.
        BaseConfig::Isolated => unsafe { ffi::PyConfig_InitIsolatedConfig(&mut raw) },
        // SAFETY: as above.
        BaseConfig::Python => unsafe { ffi::PyConfig_InitPythonConfig(&mut raw) },
    }
    // SAFETY: `raw` was initialized just above.
    let filled = unsafe { fill_config(&mut raw, config) };
    raw.install_signal_handlers = i32::from(signal_handlers);
    let status = match filled {
        // SAFETY: `raw` is a complete config; per the contract this is the one start.
        Ok(()) => unsafe { ffi::Py_InitializeFromConfig(&raw) },
        Err(text) => {
            // SAFETY: `raw` was initialized and is not used afterwards.
            unsafe { ffi::PyConfig_Clear(&mut raw) };
            return Err(text);
        }
    };
    // SAFETY: as above; CPython copied what it needs.
    unsafe { ffi::PyConfig_Clear(&mut raw) };
    // Nothing at start-up may keep a fatal-signal handler of the host's.
    super::signals::restore_host_handlers();
    if status_failed(&status) {
        return Err(format!(
            "CPython failed to initialize: {}",
            status_text(&status)
        ));
    }
    // SAFETY: initialization succeeded, so this thread holds the GIL.
    let gil = unsafe { Gil::assume() };
    let setup = after_start(gil, config);
    // SAFETY: Py_GetVersion returns a static NUL-terminated string.
    let version = unsafe { CStr::from_ptr(ffi::Py_GetVersion()) }
        .to_string_lossy()
        .split(' ')
        .next()
        .unwrap_or_default()
        .to_string();
    // SAFETY: CPython is initialized and this thread holds the GIL, which
    // PyEval_SaveThread then releases for good (the thread only waits afterwards).
    let (main, tstate) = unsafe {
        let main = ffi::PyInterpreterState_Main() as usize;
        (main, ffi::PyEval_SaveThread())
    };
    setup.map_err(|e| format!("CPython started but its set-up failed: {e}"))?;
    Ok((Runtime { main, version }, tstate))
}

/// Copies krait's start-up settings into `raw`.
///
/// # Safety
/// `raw` was initialized by `PyConfig_InitIsolatedConfig`/`PyConfig_InitPythonConfig`.
unsafe fn fill_config(
    raw: &mut ffi::PyConfig,
    config: &StartConfig,
) -> std::result::Result<(), String> {
    raw.install_signal_handlers = 0;
    raw.faulthandler = 0;
    // The host exits without finalizing CPython, so nothing may wait in a buffer.
    raw.buffered_stdio = 0;
    raw.parse_argv = config.parse_argv.map_or(0, i32::from);
    if let Some(v) = config.use_hash_seed {
        raw.use_hash_seed = v.into();
    }
    if let Some(v) = config.hash_seed {
        raw.hash_seed = v as _;
    }
    if let Some(v) = config.optimization_level {
        raw.optimization_level = v;
    }
    if let Some(v) = config.site_import {
        raw.site_import = v.into();
    }
    if let Some(v) = config.use_environment {
        raw.use_environment = v.into();
    }
    if let Some(v) = config.user_site_directory {
        raw.user_site_directory = v.into();
    }
    if let Some(v) = config.verbose {
        raw.verbose = v;
    }
    if let Some(v) = config.write_bytecode {
        raw.write_bytecode = v.into();
    }
    let raw_ptr: *mut ffi::PyConfig = raw;
    // SAFETY: field addresses inside the live config `raw_ptr` points to.
    let fields = unsafe {
        [
            (&raw mut (*raw_ptr).home, &config.home),
            (&raw mut (*raw_ptr).executable, &config.executable),
            (&raw mut (*raw_ptr).program_name, &config.program_name),
        ]
    };
    for (field, value) in fields {
        if let Some(value) = value {
            let value = c_string(value)?;
            // SAFETY: an initialized config (per the contract), one of its wide
            // string fields, and a NUL-terminated string alive for the call.
            check(unsafe { ffi::PyConfig_SetBytesString(raw_ptr, field, value.as_ptr()) })?;
        }
    }
    let argv: Vec<CString> = if config.argv.is_empty() {
        vec![CString::default()]
    } else {
        config
            .argv
            .iter()
            .map(|a| c_string(a))
            .collect::<std::result::Result<_, _>>()?
    };
    let mut pointers: Vec<*const std::ffi::c_char> = argv.iter().map(|a| a.as_ptr()).collect();
    // SAFETY: as above; `pointers` holds `len` NUL-terminated strings alive for the call.
    check(unsafe {
        ffi::PyConfig_SetBytesArgv(
            raw_ptr,
            pointers.len() as ffi::Py_ssize_t,
            pointers.as_mut_ptr(),
        )
    })
}

fn c_string(text: &str) -> std::result::Result<CString, String> {
    CString::new(text).map_err(|_| format!("setting contains a NUL character: {text:?}"))
}

/// Whether a `PyStatus` reports an error or an exit.
fn status_failed(status: &ffi::PyStatus) -> bool {
    // SAFETY: PyStatus_Exception only reads the plain struct it is given.
    unsafe { ffi::PyStatus_Exception(*status) != 0 }
}

fn check(status: ffi::PyStatus) -> std::result::Result<(), String> {
    if status_failed(&status) {
        Err(status_text(&status))
    } else {
        Ok(())
    }
}

/// The text of a `PyStatus`: `func: err_msg`.
fn status_text(status: &ffi::PyStatus) -> String {
    let text = |p: *const std::ffi::c_char| {
        if p.is_null() {
            String::new()
        } else {
            // SAFETY: CPython sets `func` and `err_msg` to static NUL-terminated strings.
            unsafe { CStr::from_ptr(p) }.to_string_lossy().into_owned()
        }
    };
    match (text(status.func), text(status.err_msg)) {
        (func, msg) if func.is_empty() => msg,
        (func, msg) => format!("{func}: {msg}"),
    }
}

/// Adds the configured site directories once CPython runs.
fn after_start(gil: Gil<'_>, config: &StartConfig) -> Result<()> {
    #[cfg(all(Py_3_12, not(Py_3_13)))]
    super::relink::prepare(gil, &config.prepared_sources)?;
    #[cfg(Py_3_13)]
    {
        let mut sources = config.prepared_sources.clone();
        sources.push((
            super::importing_thread::FILE,
            super::importing_thread::SOURCE,
        ));
        super::relink::prepare(gil, &sources)?;
    }
    if config.site_dirs.is_empty() {
        return Ok(());
    }
    let add = gil.import("site")?.getattr("addsitedir")?;
    for dir in &config.site_dirs {
        add.call1(&gil.str(dir)?)?;
    }
    Ok(())
}
