//! Settings for starting CPython and for creating sub-interpreters.

/// Which CPython base configuration to start from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum BaseConfig {
    /// `PyConfig_InitIsolatedConfig`: ignores environment variables and user site.
    #[default]
    Isolated,
    /// `PyConfig_InitPythonConfig`: behaves like the `python` command.
    Python,
}

/// A built-in extension module registered before CPython starts, so every
/// interpreter (main and sub) can import it.
#[derive(Debug, Clone, Copy)]
pub struct BuiltinModule {
    /// The import name.
    pub name: &'static std::ffi::CStr,
    /// The module's `PyInit_*` function (multi-phase: returns its `PyModuleDef`).
    pub init: unsafe extern "C" fn() -> *mut pyo3::ffi::PyObject,
}

/// How to start the process-wide CPython runtime. `None` keeps CPython's default.
#[derive(Debug, Clone, Default)]
pub struct StartConfig {
    /// Built-in modules to register (the host's `jep` module).
    pub builtin_modules: Vec<BuiltinModule>,
    /// Sources (file name, text) the main interpreter compiles at start, so
    /// that legacy sub-interpreters copy that code instead of interning its
    /// names anew (CPython 3.12+; see [`super::compile_once`]).
    pub prepared_sources: Vec<(&'static str, &'static str)>,
    /// The base configuration.
    pub base: BaseConfig,
    /// `PyConfig.home`: the prefix holding the standard library.
    pub home: Option<String>,
    /// `PyConfig.executable` (`sys.executable`).
    pub executable: Option<String>,
    /// `PyConfig.program_name`.
    pub program_name: Option<String>,
    /// `sys.argv`.
    pub argv: Vec<String>,
    /// Directories added with `site.addsitedir` after start-up (a virtualenv's site-packages).
    pub site_dirs: Vec<String>,
    /// `PyConfig.hash_seed`.
    pub hash_seed: Option<u64>,
    /// `PyConfig.use_hash_seed`.
    pub use_hash_seed: Option<bool>,
    /// `PyConfig.optimization_level`.
    pub optimization_level: Option<i32>,
    /// `PyConfig.parse_argv` (off unless set).
    pub parse_argv: Option<bool>,
    /// `PyConfig.site_import`.
    pub site_import: Option<bool>,
    /// `PyConfig.use_environment`.
    pub use_environment: Option<bool>,
    /// `PyConfig.user_site_directory`.
    pub user_site_directory: Option<bool>,
    /// `PyConfig.verbose`.
    pub verbose: Option<i32>,
    /// `PyConfig.write_bytecode`.
    pub write_bytecode: Option<bool>,
}

/// Options of a sub-interpreter (CPython's `PyInterpreterConfig`). `None` takes the
/// legacy value (shared GIL, shared allocator, everything allowed).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SubOptions {
    /// Own GIL (Python 3.12+): run in parallel with other interpreters.
    pub own_gil: Option<bool>,
    /// Share the main interpreter's object allocator.
    pub use_main_obmalloc: Option<bool>,
    /// Allow `os.fork()`.
    pub allow_fork: Option<bool>,
    /// Allow `os.exec*()`.
    pub allow_exec: Option<bool>,
    /// Allow `threading` threads.
    pub allow_threads: Option<bool>,
    /// Allow daemon threads.
    pub allow_daemon_threads: Option<bool>,
    /// Refuse single-phase-init extension modules.
    pub check_multi_interp_extensions: Option<bool>,
}

impl SubOptions {
    /// The options of an isolated sub-interpreter (own GIL, own allocator).
    pub fn isolated() -> Self {
        SubOptions {
            own_gil: Some(true),
            use_main_obmalloc: Some(false),
            allow_fork: Some(false),
            allow_exec: Some(false),
            allow_threads: Some(true),
            allow_daemon_threads: Some(false),
            check_multi_interp_extensions: Some(true),
        }
    }

    /// True when every option equals the legacy (`Py_NewInterpreter`) value.
    pub fn is_legacy(&self) -> bool {
        self.own_gil != Some(true)
            && self.use_main_obmalloc != Some(false)
            && self.allow_fork != Some(false)
            && self.allow_exec != Some(false)
            && self.allow_threads != Some(false)
            && self.allow_daemon_threads != Some(false)
            && self.check_multi_interp_extensions != Some(true)
    }

    /// Checks the combinations CPython refuses, with a message saying how to fix them.
    pub fn validate(&self) -> Result<(), String> {
        let own_gil = self.own_gil == Some(true);
        let main_obmalloc = self.use_main_obmalloc != Some(false);
        let check_ext = self.check_multi_interp_extensions == Some(true);
        if own_gil && main_obmalloc {
            return Err("SubInterpreterOptions: ownGIL=true needs useMainObmalloc=false".into());
        }
        if !main_obmalloc && !check_ext {
            return Err(
                "per-interpreter obmalloc does not support single-phase init extension \
                 modules (SubInterpreterOptions: useMainObmalloc=false needs \
                 checkMultiInterpExtensions=true)"
                    .into(),
            );
        }
        Ok(())
    }
}
