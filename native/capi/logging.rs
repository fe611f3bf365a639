//! libkrait's log records for C hosts: `krait_set_log_callback`.

use std::ffi::{c_char, c_int, c_void, CString};
use std::sync::Arc;

use log::Level;

use super::error::{status, KraitStatus};
use crate::core::logging::{self, LEVEL_OFF, LEVEL_TRACE};
use crate::core::Error;

/// The level of a log record; a maximum level includes the more severe ones.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KraitLogLevel {
    /// No records (only as a maximum level).
    Off = 0,
    /// Failures.
    Error = 1,
    /// Fallbacks and degraded behaviour (an option the running CPython cannot honour…).
    Warn = 2,
    /// Noteworthy events.
    Info = 3,
    /// CPython started, which libpython, interpreters opened and closed.
    Debug = 4,
    /// Finer detail.
    Trace = 5,
}

/// Receives one log record. `target` names the part of libkrait that logged
/// (a Rust module path such as `krait::core::interpreter`), `message` is the
/// text; both are NUL-terminated UTF-8, valid only during the call. Called on
/// whichever thread logs, possibly several at once, sometimes while the
/// thread holds Python's GIL: it must be quick and must not call krait.
pub type KraitLogCallback = Option<
    unsafe extern "C" fn(
        level: KraitLogLevel,
        target: *const c_char,
        message: *const c_char,
        user_data: *mut c_void,
    ),
>;

/// The host's `user_data`, handed back to its callback on any thread.
struct UserData(*mut c_void);

// SAFETY: krait never dereferences the pointer; the host, which passed it with
// a callback documented to run on any thread, owns what it points to.
unsafe impl Send for UserData {}
// SAFETY: as above.
unsafe impl Sync for UserData {}

impl UserData {
    /// The pointer (a method, so that closures capture the whole `UserData`).
    fn pointer(&self) -> *mut c_void {
        self.0
    }
}

/// Sends libkrait's log records at `max_level` (a `KraitLogLevel`: 0 off …
/// 5 trace) or more severe to `callback`, with `user_data`, replacing any
/// callback set before. A NULL callback or `KRAIT_LOG_LEVEL_OFF` stops the
/// records. Records below `max_level` are not even formatted. Returns
/// `KRAIT_STATUS_USAGE_ERROR` for a level outside 0…5. Any thread may call it,
/// before or after `krait_initialize`.
///
/// # Safety
/// `callback` is NULL or a function that stays callable, with `user_data`,
/// from any thread until it is replaced.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn krait_set_log_callback(
    callback: KraitLogCallback,
    user_data: *mut c_void,
    max_level: c_int,
) -> KraitStatus {
    status(|| {
        if !(LEVEL_OFF..=LEVEL_TRACE).contains(&max_level) {
            return Err(Error::Usage(format!(
                "max_level must be a KraitLogLevel (0 to 5), not {max_level}"
            )));
        }
        let Some(callback) = callback else {
            logging::set_sink(None, log::LevelFilter::Off);
            return Ok(());
        };
        let user_data = UserData(user_data);
        let sink = move |level: Level, target: &str, message: &str| {
            let target = c_text(target);
            let message = c_text(message);
            // SAFETY: per this function's contract the callback is callable with
            // user_data; the strings live until the call returns.
            unsafe {
                callback(
                    level_of(level),
                    target.as_ptr(),
                    message.as_ptr(),
                    user_data.pointer(),
                )
            };
        };
        logging::set_sink(Some(Arc::new(sink)), logging::level_filter(max_level));
        Ok(())
    })
}

fn level_of(level: Level) -> KraitLogLevel {
    match level {
        Level::Error => KraitLogLevel::Error,
        Level::Warn => KraitLogLevel::Warn,
        Level::Info => KraitLogLevel::Info,
        Level::Debug => KraitLogLevel::Debug,
        Level::Trace => KraitLogLevel::Trace,
    }
}

/// A C string of any text; a NUL inside becomes the two characters `\0`.
fn c_text(text: &str) -> CString {
    CString::new(text.replace('\0', "\\0")).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_match_the_shared_codes() {
        for level in [
            Level::Error,
            Level::Warn,
            Level::Info,
            Level::Debug,
            Level::Trace,
        ] {
            assert_eq!(level_of(level) as i32, logging::level_code(level));
        }
    }

    #[test]
    fn text_with_nul_stays_whole() {
        assert_eq!(c_text("a\0b").to_str(), Ok("a\\0b"));
    }
}
