//! Calling a `PyJMethod`: the vectorcall entry CPython uses (no argument
//! tuple, and with the method-descriptor flag no bound method either), and
//! `tp_call` for calls with keyword arguments or `@PyMethod` overloads.

use pyo3::ffi;

use super::py_method::invoke_py_method;
use super::resolve::invoke;
use super::{data, slot};
use crate::core::Error;
use crate::jni::env::Failure;

/// `tp_call`: arguments as a tuple and keyword arguments as a dict.
pub(super) unsafe extern "C" fn call(
    this: *mut ffi::PyObject,
    args: *mut ffi::PyObject,
    kwargs: *mut ffi::PyObject,
) -> *mut ffi::PyObject {
    let Some(d) = data(this) else {
        return std::ptr::null_mut();
    };
    slot::object(|gil, env| {
        let args = gil.borrowed(args)?;
        // SAFETY: args is a tuple; its items stay alive (borrowed) for the call.
        let items: &[*mut ffi::PyObject] = unsafe {
            let len = ffi::PyTuple_GET_SIZE(args.as_ptr()) as usize;
            let tuple = args.as_ptr().cast::<ffi::PyTupleObject>();
            std::slice::from_raw_parts((*tuple).ob_item.as_ptr(), len)
        };
        // SAFETY: kwargs is null or a dict.
        let has_kwargs = !kwargs.is_null() && unsafe { ffi::PyDict_Size(kwargs) } > 0;
        let py_methods = d.overloads.iter().filter(|o| o.py_method.is_some()).count();
        // Without keyword arguments a plain overload is preferred (as in Jep);
        // @PyMethod overloads are tried when none takes the arguments.
        let plain_first = !has_kwargs && py_methods < d.overloads.len();
        let plain_failure = if plain_first {
            match invoke(gil, env, d, items) {
                Ok(result) => return Ok(result.into_ptr()),
                Err(Failure::Core(err)) if py_methods > 0 => Some(err),
                Err(other) => return Err(other),
            }
        } else {
            None
        };
        if py_methods > 0 {
            let kwargs = if kwargs.is_null() {
                None
            } else {
                Some(gil.borrowed(kwargs)?)
            };
            if let Some(result) = invoke_py_method(gil, env, d, &args, kwargs.as_ref())? {
                return Ok(result.into_ptr());
            }
        }
        if let Some(err) = plain_failure {
            return Err(Failure::Core(err));
        }
        if has_kwargs {
            return Err(Failure::Core(Error::Conversion(format!(
                "Java method {} takes no keyword arguments (annotate it @PyMethod(kwargs = true))",
                d.name
            ))));
        }
        Ok(invoke(gil, env, d, items)?.into_ptr())
    })
}

/// The vectorcall entry: positional arguments without keywords go straight
/// to overload resolution (no tuple); keyword arguments and `@PyMethod`
/// overloads take the general path of [`call`].
pub(super) unsafe extern "C" fn vectorcall(
    this: *mut ffi::PyObject,
    args: *const *mut ffi::PyObject,
    nargsf: libc::size_t,
    kwnames: *mut ffi::PyObject,
) -> *mut ffi::PyObject {
    let Some(d) = data(this) else {
        return std::ptr::null_mut();
    };
    // SAFETY: CPython passes `nargsf` as the vectorcall protocol defines it.
    let nargs = unsafe { ffi::PyVectorcall_NARGS(nargsf) } as usize;
    // SAFETY: kwnames is null or a tuple of str.
    let has_kwnames = !kwnames.is_null() && unsafe { ffi::PyTuple_GET_SIZE(kwnames) } > 0;
    if has_kwnames || d.has_py_methods() {
        // SAFETY: the protocol's arguments, passed on unchanged; we hold the GIL.
        let (tuple, dict) = unsafe { call_arguments(args, nargs, kwnames) };
        if tuple.is_null() {
            return std::ptr::null_mut();
        }
        // SAFETY: a tuple and null or a dict, as tp_call takes them.
        let result = unsafe { call(this, tuple, dict) };
        // SAFETY: our references, made above.
        unsafe {
            ffi::Py_DECREF(tuple);
            ffi::Py_XDECREF(dict);
        }
        return result;
    }
    let items: &[*mut ffi::PyObject] = if nargs == 0 {
        &[]
    } else {
        // SAFETY: `args` holds `nargs` borrowed references, alive for the call.
        unsafe { std::slice::from_raw_parts(args, nargs) }
    };
    slot::object(|gil, env| Ok(invoke(gil, env, d, items)?.into_ptr()))
}

/// The tuple (null on failure, with an exception set) and keyword dict (null
/// when none) that `tp_call` takes for vectorcall arguments.
///
/// # Safety
/// `args` holds `nargs` positional arguments followed by one value per name
/// in `kwnames` (null or a tuple of str); the GIL is held.
unsafe fn call_arguments(
    args: *const *mut ffi::PyObject,
    nargs: usize,
    kwnames: *mut ffi::PyObject,
) -> (*mut ffi::PyObject, *mut ffi::PyObject) {
    // SAFETY: per the contract.
    unsafe {
        let tuple = ffi::PyTuple_New(nargs as ffi::Py_ssize_t);
        if tuple.is_null() {
            return (tuple, std::ptr::null_mut());
        }
        for i in 0..nargs {
            let item = *args.add(i);
            ffi::PyTuple_SET_ITEM(tuple, i as ffi::Py_ssize_t, ffi::Py_NewRef(item));
        }
        if kwnames.is_null() {
            return (tuple, std::ptr::null_mut());
        }
        let dict = ffi::PyDict_New();
        if dict.is_null() {
            ffi::Py_DECREF(tuple);
            return (std::ptr::null_mut(), dict);
        }
        for k in 0..ffi::PyTuple_GET_SIZE(kwnames) {
            let value = *args.add(nargs + k as usize);
            if ffi::PyDict_SetItem(dict, ffi::PyTuple_GET_ITEM(kwnames, k), value) != 0 {
                ffi::Py_DECREF(tuple);
                ffi::Py_DECREF(dict);
                return (std::ptr::null_mut(), std::ptr::null_mut());
            }
        }
        (tuple, dict)
    }
}
