//! The C front door: `krait_*` functions for C and C++ hosts, described by the
//! generated `include/krait.h`.
//!
//! Every exported function runs its body under `catch_unwind`: failures come
//! back as a [`KraitStatus`] (or NULL) with the text in `krait_last_error()`,
//! never as an unwind or abort across the C boundary. Values cross as owned
//! [`KraitValue`] trees of plain data, so no Python object ever leaves the GIL.
//!
//! cbindgen reads this file and follows its modules: `error.rs` (status codes,
//! last error, the panic guard),
//! `args.rs` (pointer arguments), `runtime.rs` (starting CPython),
//! `interpreter.rs` (handles), `logging.rs` (the log callback), `calls.rs` (running code),
//! `interrupt.rs` (stopping running code from any thread), `value.rs`,
//! `compose.rs` and `access.rs` (values), `convert.rs` (values ↔ Python).

mod access;
mod args;
mod calls;
mod compose;
mod convert;
mod error;
mod interpreter;
mod interrupt;
mod logging;
mod runtime;
mod value;

pub use error::KraitStatus;
pub use interpreter::KraitInterpreter;
pub use interrupt::KraitInterrupt;
pub use logging::{KraitLogCallback, KraitLogLevel};
pub use value::{KraitTag, KraitValue};
