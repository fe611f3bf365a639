//! The worker child of `krait.ProcessInterpreter`: CPython in a process of its
//! own, driven by the JVM over length-prefixed MessagePack frames (see `wire`).
//!
//! The JVM starts `krait-worker` with the same `key=value` start-up settings an
//! in-process start takes (plus `max_handles=N`), an environment holding only
//! what krait passes, the frame channel on stdin/stdout and stderr as a pipe.
//! The worker moves the channel off fds 0/1 (see `output`), starts CPython on
//! its main thread with CPython's signal handlers (SIGINT → `KeyboardInterrupt`),
//! opens a core interpreter like a `SharedInterpreter`, says ready, and serves
//! requests until the channel closes or the JVM asks it to exit.

mod convert;
mod handles;
mod output;
mod serve;
mod spin;
pub mod wire;

use crate::core::{self, Interpreter};

/// The handle table's size when the JVM does not say.
const DEFAULT_MAX_HANDLES: usize = 100_000;

/// The setting that bounds the handle table (not a CPython setting).
const MAX_HANDLES_SETTING: &str = "max_handles=";

/// The child's environment names no locale, which would make Python's stdio
/// ASCII; the JVM reads UTF-8 (as in-process redirection writes it).
const UTF8_STDIO: &str = "import sys as _s\n\
for _f in (_s.stdout, _s.stderr):\n    _f.reconfigure(encoding='utf-8', errors='backslashreplace')\n\
del _s, _f\n";

/// Runs the worker; the result is the process's exit status.
pub fn main() -> i32 {
    let mut settings: Vec<String> = std::env::args().skip(1).collect();
    let mut max_handles = DEFAULT_MAX_HANDLES;
    if let Some(index) = settings
        .iter()
        .position(|s| s.starts_with(MAX_HANDLES_SETTING))
    {
        let value = settings.remove(index);
        match value[MAX_HANDLES_SETTING.len()..].parse() {
            Ok(n) => max_handles = n,
            Err(_) => {
                output::report(&format!("bad setting {value:?}"));
                return 2;
            }
        }
    }
    let channels = match output::take_over_stdio() {
        Ok(channels) => channels,
        Err(e) => {
            output::report(&e.to_string());
            return 2;
        }
    };
    output::default_interrupts();
    let started = crate::jni::settings::parse(&settings)
        .and_then(|config| core::start_on_this_thread(&config))
        .and_then(|()| Interpreter::open_shared(&[]))
        .and_then(|interp| {
            interp.enter()?.exec(UTF8_STDIO)?;
            Ok(interp)
        });
    let interp = match started {
        Ok(interp) => interp,
        Err(e) => {
            output::report(&format!("could not start Python: {e}"));
            return 2;
        }
    };
    let pump = channels.replies.clone();
    let spawned = std::thread::Builder::new()
        .name("krait-worker-stdout".into())
        .spawn(move || pump.pump_stdout());
    if let Err(e) = spawned {
        output::report(&format!("could not start the stdout thread: {e}"));
        return 2;
    }
    let mut ready = Vec::new();
    let _ = rmp::encode::write_array_len(&mut ready, 2);
    let _ = rmp::encode::write_uint(&mut ready, u64::from(wire::REPLY_READY));
    let _ = rmp::encode::write_str(&mut ready, core::python_version().unwrap_or_default());
    if channels.replies.send(&ready, &[]).is_err() {
        return 2;
    }
    serve::serve(&interp, channels.requests, &channels.replies, max_handles);
    // The process exits without finalizing CPython, as an in-process host does.
    std::mem::forget(interp);
    0
}
