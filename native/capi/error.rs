//! Status codes, the thread-local text (and Python traceback) of the last
//! failure, and the guards every exported function runs its body in (they catch
//! panics).

use std::any::Any;
use std::cell::RefCell;
use std::ffi::{c_char, CString};
use std::panic::{catch_unwind, AssertUnwindSafe};

use crate::core::{Error, PyException};

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
    static LAST_TRACEBACK: RefCell<CString> = RefCell::new(CString::default());
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

/// The Python traceback of the last failure of a krait call on the calling
/// thread, formatted as Python prints it: `Traceback (most recent call last):`,
/// then `  File "<string>", line 1, in <module>` for each frame (outermost
/// first), then `ValueError: bad`. Only the last line when the exception has no
/// frames; an empty string when the last failure was not a Python exception
/// (`KRAIT_STATUS_PYTHON_ERROR`) or the last call succeeded. Never NULL; reset
/// and valid exactly as long as `krait_last_error()`. UTF-8.
#[unsafe(no_mangle)]
pub extern "C" fn krait_last_error_traceback() -> *const c_char {
    let found = catch_unwind(|| LAST_TRACEBACK.try_with(|text| text.borrow().as_ptr()));
    match found {
        Ok(Ok(ptr)) => ptr,
        _ => c"".as_ptr(),
    }
}

/// Formats an exception as Python's `traceback.print_exception` does, without
/// source lines (see `krait_last_error_traceback`).
fn traceback_text(exc: &PyException) -> String {
    let mut text = String::new();
    if !exc.frames.is_empty() {
        text.push_str("Traceback (most recent call last):\n");
        for frame in exc.frames.iter().rev() {
            text.push_str(&format!(
                "  File \"{}\", line {}, in {}\n",
                frame.file, frame.line, frame.function
            ));
        }
    }
    text.push_str(&exc.type_name);
    if !exc.text.is_empty() {
        text.push_str(": ");
        text.push_str(&exc.text);
    }
    text.push('\n');
    text
}

fn c_text(text: &str) -> CString {
    CString::new(text.replace('\0', "\\0")).unwrap_or_default()
}

fn set_last_error(text: &str) {
    let text = c_text(text);
    let _ = LAST_ERROR.try_with(|last| *last.borrow_mut() = text);
}

/// Records a failure: its text, and its traceback when Python raised it.
fn set_last_failure(err: &Error) {
    set_last_error(&err.to_string());
    if let Error::Python(exc) = err {
        let traceback = c_text(&traceback_text(exc));
        let _ = LAST_TRACEBACK.try_with(|last| *last.borrow_mut() = traceback);
    }
}

fn clear_last_error() {
    for slot in [&LAST_ERROR, &LAST_TRACEBACK] {
        let _ = slot.try_with(|last| {
            if !last.borrow().as_bytes().is_empty() {
                *last.borrow_mut() = CString::default();
            }
        });
    }
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
            set_last_failure(&err);
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
            set_last_failure(&err);
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
    use crate::core::Frame;
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

    fn python_error(frames: &[(&str, &str, i32)]) -> Error {
        Error::Python(PyException {
            type_repr: "<class 'json.decoder.JSONDecodeError'>".into(),
            type_name: "json.decoder.JSONDecodeError".into(),
            text: "Expecting value".into(),
            frames: frames
                .iter()
                .map(|&(file, function, line)| Frame {
                    file: file.into(),
                    function: function.into(),
                    line,
                })
                .collect(),
            cause: None,
        })
    }

    fn last_traceback() -> String {
        // SAFETY: krait_last_error_traceback never returns NULL and the text lives until the next call.
        unsafe { CStr::from_ptr(krait_last_error_traceback()) }
            .to_string_lossy()
            .into_owned()
    }

    #[test]
    fn python_errors_keep_their_traceback_outermost_frame_first() {
        let err = python_error(&[("/lib/json.py", "decode", 355), ("<string>", "<module>", 2)]);
        assert_eq!(status(|| Err(err)), KraitStatus::PythonError);
        assert_eq!(
            last_traceback(),
            "Traceback (most recent call last):\n  File \"<string>\", line 2, in <module>\n  \
             File \"/lib/json.py\", line 355, in decode\njson.decoder.JSONDecodeError: Expecting value\n"
        );
        assert_eq!(
            last(),
            "<class 'json.decoder.JSONDecodeError'>: Expecting value"
        );
        assert_eq!(
            status(|| Err(Error::Usage("no".into()))),
            KraitStatus::UsageError
        );
        assert_eq!(last_traceback(), "", "only Python errors have a traceback");
    }

    #[test]
    fn an_exception_without_frames_is_its_last_line() {
        assert!(or_null::<u8>(|| Err(python_error(&[]))).is_null());
        assert_eq!(
            last_traceback(),
            "json.decoder.JSONDecodeError: Expecting value\n"
        );
        assert_eq!(status(|| Ok(())), KraitStatus::Ok);
        assert_eq!(last_traceback(), "");
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
