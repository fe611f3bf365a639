//! Errors of the core: Python exceptions captured as plain data, and misuse of
//! interpreters (wrong thread, closed, not started).

use std::any::Any;
use std::fmt;
use std::sync::Arc;

use once_cell::sync::OnceCell;

use pyo3::ffi;

use super::gil::{Gil, PyRef};

/// The result type of the core.
pub type Result<T> = std::result::Result<T, Error>;

/// Everything that can go wrong when using the core.
#[derive(Debug, Clone)]
pub enum Error {
    /// Python raised an exception.
    Python(PyException),
    /// The interpreter was used from a thread that does not own it.
    InvalidThread,
    /// The caller did something the API does not allow; the text says what.
    Usage(String),
    /// A value could not be converted; the text names both types.
    Conversion(String),
    /// krait's own failure, not the caller's: a CPython or JNI call that should
    /// not fail did (a null result, a thread state that could not be created).
    Internal(String),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Python(exc) => write!(f, "{}", exc.message()),
            Error::InvalidThread => f.write_str("Invalid thread access."),
            Error::Usage(text) | Error::Conversion(text) | Error::Internal(text) => {
                f.write_str(text)
            }
        }
    }
}

impl std::error::Error for Error {}

/// One frame of a Python traceback.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Frame {
    /// `co_filename`, e.g. `/app/script.py` or `<string>`.
    pub file: String,
    /// `co_name`, e.g. `main` or `<module>`.
    pub function: String,
    /// The line being executed.
    pub line: i32,
}

/// What the host attached to a Python exception it raised itself (the JVM front
/// door attaches the Java throwable), carried out to the host with the error.
#[derive(Clone)]
pub struct HostCause(pub Arc<dyn Any + Send + Sync>);

impl fmt::Debug for HostCause {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("HostCause")
    }
}

/// Finds the host cause of an exception object, if the host raised it.
pub type CauseFinder = for<'py> fn(&PyRef<'py>) -> Option<HostCause>;

static CAUSE_FINDER: OnceCell<CauseFinder> = OnceCell::new();

/// Installs the host's cause finder (once per process).
pub fn set_cause_finder(finder: CauseFinder) {
    let _ = CAUSE_FINDER.set(finder);
}

/// A Python exception as plain data, safe to keep after the GIL is released.
#[derive(Debug, Clone)]
pub struct PyException {
    /// `str(type(exc))`, e.g. `<class 'ValueError'>`.
    pub type_repr: String,
    /// The qualified type name, e.g. `ValueError` or `json.decoder.JSONDecodeError`.
    pub type_name: String,
    /// `str(exc)`.
    pub text: String,
    /// The traceback, innermost frame first.
    pub frames: Vec<Frame>,
    /// What the host attached, when the host raised this exception.
    pub cause: Option<HostCause>,
}

impl PyException {
    /// The message hosts show: `<class 'ValueError'>: text`.
    pub fn message(&self) -> String {
        format!("{}: {}", self.type_repr, self.text)
    }
}

/// Takes the pending Python exception (clearing it) and captures it as data.
pub(super) fn take_pending(gil: Gil<'_>) -> Error {
    // SAFETY: we hold the GIL; the fetched references are owned by us.
    let exc = unsafe { fetch_raw() };
    let Some(exc) = exc else {
        return Error::Internal("a Python call failed without setting an exception".into());
    };
    let exc = match gil.owned(exc) {
        Ok(exc) => exc,
        Err(err) => return err,
    };
    Error::Python(capture(&exc))
}

/// Fetches the pending exception as one normalized exception object.
unsafe fn fetch_raw() -> Option<*mut ffi::PyObject> {
    #[cfg(Py_3_12)]
    {
        // SAFETY: caller holds the GIL.
        let exc = unsafe { ffi::PyErr_GetRaisedException() };
        (!exc.is_null()).then_some(exc)
    }
    #[cfg(not(Py_3_12))]
    {
        let mut ptype = std::ptr::null_mut();
        let mut pvalue = std::ptr::null_mut();
        let mut ptrace = std::ptr::null_mut();
        // SAFETY: caller holds the GIL; the three pointers receive new references.
        unsafe {
            ffi::PyErr_Fetch(&mut ptype, &mut pvalue, &mut ptrace);
            if ptype.is_null() {
                return None;
            }
            ffi::PyErr_NormalizeException(&mut ptype, &mut pvalue, &mut ptrace);
            if !ptrace.is_null() && !pvalue.is_null() {
                ffi::PyException_SetTraceback(pvalue, ptrace);
            }
            ffi::Py_XDECREF(ptype);
            ffi::Py_XDECREF(ptrace);
            (!pvalue.is_null()).then_some(pvalue)
        }
    }
}

/// Captures a (normalized) exception object as [`PyException`].
pub fn capture(exc: &PyRef<'_>) -> PyException {
    let gil = exc.gil();
    // SAFETY: exc is live; Py_TYPE returns its borrowed type.
    let tp = gil
        .borrowed(unsafe { ffi::Py_TYPE(exc.as_ptr()) }.cast())
        .expect("type is never null");
    let type_repr = tp.str_lossy();
    let module = tp
        .getattr_opt(c"__module__")
        .map(|m| m.str_lossy())
        .unwrap_or_default();
    let qualname = tp
        .getattr_opt(c"__qualname__")
        .map(|q| q.str_lossy())
        .unwrap_or_else(|| exc.type_name());
    let type_name = if module.is_empty() || module == "builtins" {
        qualname
    } else {
        format!("{module}.{qualname}")
    };
    let text = exc.str_lossy();
    let mut frames = traceback_frames(exc);
    if let Some(frame) = syntax_error_frame(exc) {
        frames.insert(0, frame);
    }
    let cause = CAUSE_FINDER.get().and_then(|find| find(exc));
    // SAFETY: attribute lookups above may have set an error we do not care about.
    unsafe { ffi::PyErr_Clear() };
    PyException {
        type_repr,
        type_name,
        text,
        frames,
        cause,
    }
}

/// The frames of `exc.__traceback__`, innermost first.
fn traceback_frames(exc: &PyRef<'_>) -> Vec<Frame> {
    let mut frames = Vec::new();
    let mut tb = exc.getattr_opt(c"__traceback__");
    while let Some(current) = tb.take() {
        // SAFETY: reading Py_None's address.
        if current.as_ptr() == unsafe { ffi::Py_None() } {
            break;
        }
        let frame = (|| {
            let line = current.getattr_opt(c"tb_lineno")?;
            let code = current.getattr_opt(c"tb_frame")?.getattr_opt(c"f_code")?;
            Some(Frame {
                file: code.getattr_opt(c"co_filename")?.str_lossy(),
                function: code.getattr_opt(c"co_name")?.str_lossy(),
                line: as_i32(&line),
            })
        })();
        frames.extend(frame);
        tb = current.getattr_opt(c"tb_next");
    }
    frames.reverse();
    frames
}

/// For a `SyntaxError`, the location of the bad source line.
fn syntax_error_frame(exc: &PyRef<'_>) -> Option<Frame> {
    // SAFETY: PyExc_SyntaxError is a valid type object; exc is live.
    let is_syntax =
        unsafe { ffi::PyErr_GivenExceptionMatches(exc.as_ptr(), ffi::PyExc_SyntaxError) } != 0;
    if !is_syntax {
        return None;
    }
    let file = exc.getattr_opt(c"filename")?.str_lossy();
    let line = exc.getattr_opt(c"lineno")?;
    Some(Frame {
        file,
        function: "<module>".into(),
        line: as_i32(&line),
    })
}

fn as_i32(value: &PyRef<'_>) -> i32 {
    // SAFETY: value is live; PyLong_AsLong returns -1 and sets an error on failure.
    let n = unsafe { ffi::PyLong_AsLong(value.as_ptr()) };
    if n == -1 {
        // SAFETY: we hold the GIL.
        unsafe { ffi::PyErr_Clear() };
    }
    i32::try_from(n).unwrap_or(-1)
}
