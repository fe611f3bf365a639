//! Starting CPython for a C host.

use std::ffi::c_char;

use super::args::text;
use super::error::{status, KraitStatus};
use crate::core::{self, Error, StartConfig};

/// Starts CPython (once per process) on a krait-owned thread that CPython treats
/// as its main thread. `python_home` is the prefix holding the standard library
/// (`<home>/lib/python3.X`); NULL means the prefix of the CPython krait was built
/// against. Calling it again after a success returns `KRAIT_STATUS_OK` and changes
/// nothing; after a failure CPython cannot be started in this process and every
/// call fails with `KRAIT_STATUS_USAGE_ERROR`. Any thread may call it.
///
/// # Safety
/// `python_home` is NULL or a NUL-terminated string.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn krait_initialize(python_home: *const c_char) -> KraitStatus {
    status(|| {
        let home = if python_home.is_null() {
            None
        } else {
            // SAFETY: the caller passes a NUL-terminated string.
            Some(unsafe { text(python_home, "python_home") }?)
        };
        if core::python_version().is_some() {
            return Ok(());
        }
        match core::start(start_config(home)) {
            // Another thread may have started CPython meanwhile.
            Err(_) if core::python_version().is_some() => Ok(()),
            outcome => outcome,
        }
    })
}

fn start_config(home: Option<&str>) -> StartConfig {
    let built = env!("KRAIT_PY_PREFIX");
    match home {
        Some(home) => {
            log::debug!("CPython's home is {home}, as given to krait_initialize");
            StartConfig {
                home: Some(home.to_string()),
                ..StartConfig::default()
            }
        }
        None if built.is_empty() => {
            log::warn!(
                "no python_home given and the prefix of the CPython libkrait was built against \
                 is unknown: CPython looks for its standard library by itself"
            );
            StartConfig::default()
        }
        None => {
            log::debug!("CPython's home is {built}, the prefix libkrait was built against");
            StartConfig {
                home: Some(built.to_string()),
                executable: Some(format!("{built}/bin/python3")),
                ..StartConfig::default()
            }
        }
    }
}

/// Fails with a usage error unless CPython runs.
pub(super) fn require_started() -> Result<(), Error> {
    match core::python_version() {
        Some(_) => Ok(()),
        None => Err(Error::Usage(
            "CPython is not running: call krait_initialize first".into(),
        )),
    }
}
