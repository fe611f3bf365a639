//! Running code in an interpreter: `krait_exec`, `krait_eval`, `krait_call`,
//! `krait_set` and `krait_get`. Each must be called on the thread that opened
//! the interpreter.

use std::ffi::c_char;

use super::args::{borrow, null, text, Out};
use super::convert::{from_python, to_python};
use super::error::{status, KraitStatus};
use super::interpreter::{with_attached, KraitInterpreter};
use super::value::KraitValue;
use crate::core::Error;

/// Runs Python statements (UTF-8 source) in the interpreter's globals.
///
/// # Safety
/// `interp` is NULL or an open handle; `code` is NULL or a NUL-terminated string.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn krait_exec(
    interp: *const KraitInterpreter,
    code: *const c_char,
) -> KraitStatus {
    status(|| {
        // SAFETY: the caller passes NULL or a NUL-terminated string.
        let code = unsafe { text(code, "code") }?;
        // SAFETY: the caller passes NULL or an open handle.
        unsafe { with_attached(interp, |py| py.exec(code)) }
    })
}

/// Evaluates a Python expression in the interpreter's globals and converts the
/// result. On success `*out` is a new value (free it with `krait_value_free`),
/// else NULL; a result that cannot be converted gives
/// `KRAIT_STATUS_CONVERSION_ERROR`.
///
/// # Safety
/// `interp` is NULL or an open handle; `expr` is NULL or a NUL-terminated string;
/// `out` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn krait_eval(
    interp: *const KraitInterpreter,
    expr: *const c_char,
    out: *mut *mut KraitValue,
) -> KraitStatus {
    status(|| {
        // SAFETY: the caller passes NULL or valid pointers.
        let (out, expr) = unsafe { (Out::new(out, "out")?, text(expr, "expr")?) };
        // SAFETY: the caller passes NULL or an open handle.
        let value = unsafe { with_attached(interp, |py| from_python(&py.get_value(expr)?)) }?;
        out.put(value.into_raw());
        Ok(())
    })
}

/// Calls the callable `name` (a global or builtin, or a dotted path such as
/// `math.hypot` or `obj.method`) with `nargs` positional arguments, which are
/// converted to Python and stay owned by the caller. On success `*out` is the
/// converted result (free it with `krait_value_free`), else NULL. `out` may be
/// NULL to discard the result without converting it; `args` may be NULL when
/// `nargs` is 0.
///
/// # Safety
/// `interp` is NULL or an open handle; `name` is NULL or a NUL-terminated string;
/// `args` is NULL or points to `nargs` pointers, each NULL or a live value;
/// `out` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn krait_call(
    interp: *const KraitInterpreter,
    name: *const c_char,
    args: *const *const KraitValue,
    nargs: usize,
    out: *mut *mut KraitValue,
) -> KraitStatus {
    status(|| {
        let out = if out.is_null() {
            None
        } else {
            // SAFETY: the caller passes writable storage.
            Some(unsafe { Out::new(out, "out") }?)
        };
        // SAFETY: the caller passes NULL or a NUL-terminated string.
        let name = unsafe { text(name, "name") }?;
        // SAFETY: the caller passes NULL or `nargs` pointers to live values.
        let args = unsafe { arguments(args, nargs) }?;
        // SAFETY: the caller passes NULL or an open handle.
        let result = unsafe {
            with_attached(interp, |py| {
                let gil = py.gil();
                let args = args
                    .iter()
                    .map(|arg| to_python(gil, arg))
                    .collect::<Result<Vec<_>, _>>()?;
                let result = py.invoke(name, args, None)?;
                out.as_ref().map(|_| from_python(&result)).transpose()
            })
        }?;
        if let (Some(out), Some(result)) = (out, result) {
            out.put(result.into_raw());
        }
        Ok(())
    })
}

/// The argument values of `krait_call`.
///
/// # Safety
/// `args` is NULL or points to `nargs` pointers, each NULL or a live value.
unsafe fn arguments<'a>(
    args: *const *const KraitValue,
    nargs: usize,
) -> Result<Vec<&'a KraitValue>, Error> {
    if nargs == 0 {
        return Ok(Vec::new());
    }
    if args.is_null() {
        return Err(null("args"));
    }
    // SAFETY: non-null, and the caller guarantees `nargs` readable pointers.
    let pointers = unsafe { std::slice::from_raw_parts(args, nargs) };
    pointers
        .iter()
        .enumerate()
        // SAFETY: each pointer is NULL or a live value.
        .map(|(index, arg)| unsafe { borrow(*arg, &format!("args[{index}]")) })
        .collect()
}

/// Binds the global `name` to a Python copy of `value` (which stays owned by the
/// caller).
///
/// # Safety
/// `interp` is NULL or an open handle; `name` is NULL or a NUL-terminated string;
/// `value` is NULL or a live value.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn krait_set(
    interp: *const KraitInterpreter,
    name: *const c_char,
    value: *const KraitValue,
) -> KraitStatus {
    status(|| {
        // SAFETY: the caller passes NULL or valid pointers.
        let (name, value) = unsafe { (text(name, "name")?, borrow(value, "value")?) };
        // SAFETY: the caller passes NULL or an open handle.
        unsafe { with_attached(interp, |py| py.set(name, &to_python(py.gil(), value)?)) }
    })
}

/// Looks up `name` (a global, else a builtin; dotted paths such as `sys.path`
/// follow attributes) and converts it. On success `*out` is a new value (free it
/// with `krait_value_free`), else NULL; a missing name gives
/// `KRAIT_STATUS_PYTHON_ERROR` (NameError or AttributeError).
///
/// # Safety
/// `interp` is NULL or an open handle; `name` is NULL or a NUL-terminated string;
/// `out` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn krait_get(
    interp: *const KraitInterpreter,
    name: *const c_char,
    out: *mut *mut KraitValue,
) -> KraitStatus {
    status(|| {
        // SAFETY: the caller passes NULL or valid pointers.
        let (out, name) = unsafe { (Out::new(out, "out")?, text(name, "name")?) };
        // SAFETY: the caller passes NULL or an open handle.
        let value = unsafe { with_attached(interp, |py| from_python(&py.resolve(name)?)) }?;
        out.put(value.into_raw());
        Ok(())
    })
}
