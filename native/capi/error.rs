//! Status codes, the thread-local text of the last failure, and the guards
//! every exported function runs its body in (they catch panics).

use std::any::Any;
use std::cell::RefCell;
use std::ffi::{c_char, CString};
use std::panic::{catch_unwind, AssertUnwindSafe};

use crate::core::Error;

/// The outcome of a krait call. Anything but `KRAIT_STATUS_OK` leaves a
/// description in `krait_last_error()`.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KraitStatus {
    /// Success.
    Ok = 0,
    /// Python raised an exception; the last error reads `<class 'ValueError'>: text`.
    PythonError,
    /// The interpreter was used from a thread other than the one that opened it;
    /// the last error reads `Invalid thread access.`.
    InvalidThread,
    /// A bad argument (NULL pointer, text that is not UTF-8, wrong value tag) or a
    /// call the API does not allow now (second interpreter on a thread, CPython not
    /// started); the last error says which.
    UsageError,
    /// A value could not be converted between Python and `KraitValue`.
    ConversionError,
    /// An internal krait failure (a caught Rust panic). krait stays usable, but the
    /// operation may have been half done.
    Panic,
    /// krait's own failure that is not a panic: a CPython call that should not
    /// fail did (a thread state or sub-interpreter that could not be created, an
    /// error without an exception). A krait bug, not the caller's.
    InternalError,
}

thread_local! {
    static LAST_ERROR: RefCell<CString> = RefCell::new(CString::default());
}

/// The text of the last failure of a krait call on the calling thread, such as
/// `<class 'ValueError'>: bad` or `Invalid thread access.`; an empty string when
/// the last call succeeded. Never NULL. Every call returning a `KraitStatus`, and
/// `krait_value_str` / `krait_value_bytes`, resets it when it starts, so read it
/// before the next such call on this thread (the pointer is invalid afterwards).
/// UTF-8 (NUL characters in the message are shown as `\0`).
#[unsafe(no_mangle)]
pub extern "C" fn krait_last_error() -> *const c_char {
    let found = catch_unwind(|| LAST_ERROR.try_with(|text| text.borrow().as_ptr()));
    match found {
        Ok(Ok(ptr)) => ptr,
        _ => c"".as_ptr(),
    }
}

fn set_last_error(text: &str) {
    let text = CString::new(text.replace('\0', "\\0")).unwrap_or_default();
    let _ = LAST_ERROR.try_with(|last| *last.borrow_mut() = text);
}

fn clear_last_error() {
    let _ = LAST_ERROR.try_with(|last| {
        if !last.borrow().as_bytes().is_empty() {
            *last.borrow_mut() = CString::default();
        }
    });
}

/// The status reported for a core error.
fn status_of(err: &Error) -> KraitStatus {
    match err {
        Error::Python(_) => KraitStatus::PythonError,
        Error::InvalidThread => KraitStatus::InvalidThread,
        Error::Usage(_) => KraitStatus::UsageError,
        Error::Conversion(_) => KraitStatus::ConversionError,
        Error::Internal(_) => KraitStatus::InternalError,
    }
}

fn panic_text(payload: &(dyn Any + Send)) -> String {
    let detail = payload
        .downcast_ref::<&str>()
        .map(|text| text.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "no message".into());
    format!("internal krait error (panic): {detail}")
}

/// Runs the body of a status-returning function: resets the last error, and
/// turns an error or a panic into its status and last error.
pub(super) fn status(body: impl FnOnce() -> Result<(), Error>) -> KraitStatus {
    clear_last_error();
    match catch_unwind(AssertUnwindSafe(body)) {
        Ok(Ok(())) => KraitStatus::Ok,
        Ok(Err(err)) => {
            set_last_error(&err.to_string());
            status_of(&err)
        }
        Err(payload) => {
            set_last_error(&panic_text(payload.as_ref()));
            KraitStatus::Panic
        }
    }
}

/// Runs the body of a function returning a new pointer: resets the last error;
/// an error or a panic gives NULL and sets the last error.
pub(super) fn or_null<T>(body: impl FnOnce() -> Result<*mut T, Error>) -> *mut T {
    clear_last_error();
    match catch_unwind(AssertUnwindSafe(body)) {
        Ok(Ok(ptr)) => ptr,
        Ok(Err(err)) => {
            set_last_error(&err.to_string());
            std::ptr::null_mut()
        }
        Err(payload) => {
            set_last_error(&panic_text(payload.as_ref()));
            std::ptr::null_mut()
        }
    }
}

/// Runs the body of an accessor that cannot fail: the last error is left alone
/// unless the body panics, which gives `fallback`.
pub(super) fn quiet<T>(fallback: T, body: impl FnOnce() -> T) -> T {
    match catch_unwind(AssertUnwindSafe(body)) {
        Ok(value) => value,
        Err(payload) => {
            set_last_error(&panic_text(payload.as_ref()));
            fallback
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ffi::CStr;

    fn last() -> String {
        // SAFETY: krait_last_error never returns NULL and the text lives until the next call.
        unsafe { CStr::from_ptr(krait_last_error()) }
            .to_string_lossy()
            .into_owned()
    }

    #[test]
    fn errors_set_the_status_and_text() {
        assert_eq!(
            status(|| Err(Error::Usage("bad\0arg".into()))),
            KraitStatus::UsageError
        );
        assert_eq!(last(), "bad\\0arg");
        assert_eq!(
            status(|| Err(Error::InvalidThread)),
            KraitStatus::InvalidThread
        );
        assert_eq!(last(), "Invalid thread access.");
        assert_eq!(
            status(|| Err(Error::Conversion("not an int".into()))),
            KraitStatus::ConversionError
        );
        assert_eq!(
            status(|| Err(Error::Internal("no thread state".into()))),
            KraitStatus::InternalError
        );
        assert_eq!(last(), "no thread state");
        assert_eq!(status(|| Ok(())), KraitStatus::Ok);
        assert_eq!(last(), "");
    }

    #[test]
    fn panics_are_caught() {
        assert_eq!(status(|| panic!("boom")), KraitStatus::Panic);
        assert_eq!(last(), "internal krait error (panic): boom");
        assert!(or_null::<u8>(|| panic!("{}", 7)).is_null());
        assert_eq!(last(), "internal krait error (panic): 7");
        assert_eq!(quiet(5, || panic!("x")), 5);
    }
}
