//! The host-independent core: starting CPython, interpreters and their thread
//! states, owned Python references and Python errors as plain data.
//!
//! Nothing here knows about the JVM or the C ABI; the front doors in
//! `crate::jni` and `crate::capi` convert host values to and from [`PyRef`]s.

mod calls;
mod code_cache;
mod config;
mod deferred;
mod error;
mod frozen;
mod gil;
#[cfg(Py_3_13)]
mod importing_thread;
mod interpreter;
mod interrupt;
mod libpython;
pub mod logging;
mod main_import;
mod names;
mod open;
mod reentry;
#[cfg(Py_3_12)]
mod relink;
mod runtime;
mod signals;
pub mod stack;
mod sub_create;
mod suspend;
mod teardown;
mod thread;

pub use calls::tuple;
pub use config::{BaseConfig, BuiltinModule, StartConfig, SubOptions};
pub use deferred::release;
pub use error::{
    capture, set_cause_finder, CauseFinder, Error, Frame, HostCause, PyException, Result,
};
pub use frozen::{compile_once, interned};
pub use gil::{Gil, PyRef};
pub use interpreter::{Attached, CloseError, Interpreter, InterpreterKind};
pub use interrupt::{interrupt, Request as InterruptRequest};
pub use main_import::{import_from_main, shared_import};
pub use names::NAME_SLOTS;
pub use reentry::{open_on_this_thread, with_interpreter};
pub(crate) use runtime::start_on_this_thread;
pub use runtime::{build_python_version, python_version, start};
pub use suspend::without_gil;
