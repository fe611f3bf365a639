//! Proof of holding an interpreter's GIL ([`Gil`]) and owned Python references
//! that cannot outlive it ([`PyRef`]).

use std::marker::PhantomData;
use std::ptr::NonNull;

use pyo3::ffi;

use super::error::{Error, Result};

/// A token proving that the calling thread holds the GIL of the interpreter it is
/// attached to, for the lifetime `'py`. Obtained from [`super::Attached::gil`].
#[derive(Clone, Copy)]
pub struct Gil<'py> {
    _attached: PhantomData<&'py ()>,
    _not_send: PhantomData<*mut ()>,
}

impl<'py> Gil<'py> {
    /// Creates the token.
    ///
    /// # Safety
    /// The calling thread must hold the GIL with a current thread state for `'py`.
    pub(crate) unsafe fn assume() -> Self {
        Gil {
            _attached: PhantomData,
            _not_send: PhantomData,
        }
    }

    /// Takes ownership of a new reference returned by a C-API call; a null pointer
    /// means the call failed, and the pending Python exception becomes the error.
    pub(crate) fn owned(self, ptr: *mut ffi::PyObject) -> Result<PyRef<'py>> {
        match NonNull::new(ptr) {
            Some(ptr) => Ok(PyRef {
                ptr,
                _gil: PhantomData,
            }),
            None => Err(self.take_error()),
        }
    }

    /// Takes a new strong reference to a borrowed, non-null pointer.
    pub(crate) fn borrowed(self, ptr: *mut ffi::PyObject) -> Result<PyRef<'py>> {
        if ptr.is_null() {
            return Err(self.take_error());
        }
        // SAFETY: the pointer is a live object (borrowed by the caller) and we hold the GIL.
        unsafe { ffi::Py_INCREF(ptr) };
        self.owned(ptr)
    }

    /// Turns the pending Python exception into an [`Error`] (and clears it).
    pub fn take_error(self) -> Error {
        super::error::take_pending(self)
    }

    /// CPython's ID of the interpreter this GIL belongs to (unique in the process).
    pub fn interpreter_id(self) -> i64 {
        // SAFETY: the token proves a thread state of this interpreter is current.
        unsafe { ffi::PyInterpreterState_GetID(ffi::PyInterpreterState_Get()) }
    }

    /// Returns `None`, the singleton.
    pub fn none(self) -> PyRef<'py> {
        // SAFETY: Py_None is always a valid object.
        self.borrowed(unsafe { ffi::Py_None() })
            .expect("None is never null")
    }

    /// A Python `str` from UTF-8 text.
    pub fn str(self, text: &str) -> Result<PyRef<'py>> {
        // SAFETY: pointer and length describe valid UTF-8 bytes.
        self.owned(unsafe {
            ffi::PyUnicode_FromStringAndSize(text.as_ptr().cast(), text.len() as ffi::Py_ssize_t)
        })
    }

    /// The `builtins` module of the current interpreter.
    pub fn builtins(self) -> Result<PyRef<'py>> {
        self.import("builtins")
    }

    /// Imports a module by name.
    pub fn import(self, name: &str) -> Result<PyRef<'py>> {
        let name = self.str(name)?;
        // SAFETY: name is a valid str object; we hold the GIL.
        self.owned(unsafe { ffi::PyImport_Import(name.as_ptr()) })
    }
}

/// An owned (strong) reference to a Python object, valid while the GIL token
/// `'py` is; dropping it decrements the reference count.
pub struct PyRef<'py> {
    ptr: NonNull<ffi::PyObject>,
    _gil: PhantomData<Gil<'py>>,
}

impl<'py> PyRef<'py> {
    /// The raw pointer (still owned by `self`).
    pub fn as_ptr(&self) -> *mut ffi::PyObject {
        self.ptr.as_ptr()
    }

    /// Gives up ownership and returns the raw new reference.
    pub fn into_ptr(self) -> *mut ffi::PyObject {
        let ptr = self.ptr.as_ptr();
        std::mem::forget(self);
        ptr
    }

    /// The GIL token this reference lives under.
    pub fn gil(&self) -> Gil<'py> {
        // SAFETY: a PyRef only exists while its GIL is held.
        unsafe { Gil::assume() }
    }

    /// `getattr(self, name)`.
    pub fn getattr(&self, name: &str) -> Result<PyRef<'py>> {
        let gil = self.gil();
        let name = gil.str(name)?;
        // SAFETY: both objects are live; we hold the GIL.
        gil.owned(unsafe { ffi::PyObject_GetAttr(self.as_ptr(), name.as_ptr()) })
    }

    /// `getattr(self, name)`, or `None` (with the error cleared, not captured) when
    /// it fails. Safe to use while capturing another error.
    pub fn getattr_opt(&self, name: &std::ffi::CStr) -> Option<PyRef<'py>> {
        // SAFETY: a live object and a C string; we hold the GIL.
        let found = unsafe { ffi::PyObject_GetAttrString(self.as_ptr(), name.as_ptr()) };
        match NonNull::new(found) {
            Some(ptr) => Some(PyRef {
                ptr,
                _gil: PhantomData,
            }),
            None => {
                // SAFETY: clearing the lookup's error with the GIL held.
                unsafe { ffi::PyErr_Clear() };
                None
            }
        }
    }

    /// `self(*args)` with a tuple of positional arguments and optional kwargs dict.
    pub fn call(&self, args: &PyRef<'py>, kwargs: Option<&PyRef<'py>>) -> Result<PyRef<'py>> {
        let kwargs = kwargs.map_or(std::ptr::null_mut(), PyRef::as_ptr);
        // SAFETY: args is a tuple, kwargs null or a dict; we hold the GIL.
        self.gil()
            .owned(unsafe { ffi::PyObject_Call(self.as_ptr(), args.as_ptr(), kwargs) })
    }

    /// `self(*args)` through vectorcall, without building a tuple: `args` are
    /// borrowed pointers to live objects.
    pub fn call_vector(&self, args: &[*mut ffi::PyObject]) -> Result<PyRef<'py>> {
        // SAFETY: `args` holds `args.len()` live objects; we hold the GIL.
        self.gil().owned(unsafe {
            ffi::PyObject_Vectorcall(
                self.as_ptr(),
                args.as_ptr(),
                args.len(),
                std::ptr::null_mut(),
            )
        })
    }

    /// `self(arg)`.
    pub fn call1(&self, arg: &PyRef<'py>) -> Result<PyRef<'py>> {
        // SAFETY: both objects are live; we hold the GIL.
        self.gil()
            .owned(unsafe { ffi::PyObject_CallOneArg(self.as_ptr(), arg.as_ptr()) })
    }

    /// `str(self)` as Rust text (lone surrogates become U+FFFD).
    pub fn str_lossy(&self) -> String {
        let gil = self.gil();
        // SAFETY: live object; we hold the GIL.
        match gil.owned(unsafe { ffi::PyObject_Str(self.as_ptr()) }) {
            Ok(text) => text.text_lossy(),
            Err(_) => String::from("<str() failed>"),
        }
    }

    /// The text of a `str` object (lone surrogates become U+FFFD).
    pub fn text_lossy(&self) -> String {
        let gil = self.gil();
        let utf8 = gil.owned(unsafe {
            // SAFETY: live str object; we hold the GIL.
            ffi::PyUnicode_AsEncodedString(self.as_ptr(), c"utf-8".as_ptr(), c"replace".as_ptr())
        });
        match utf8 {
            Ok(bytes) => {
                let mut data: *mut std::ffi::c_char = std::ptr::null_mut();
                let mut len: ffi::Py_ssize_t = 0;
                // SAFETY: bytes is a bytes object; data/len point into it while it lives.
                unsafe {
                    if ffi::PyBytes_AsStringAndSize(bytes.as_ptr(), &mut data, &mut len) != 0 {
                        ffi::PyErr_Clear();
                        return String::new();
                    }
                    let slice = std::slice::from_raw_parts(data.cast::<u8>(), len as usize);
                    String::from_utf8_lossy(slice).into_owned()
                }
            }
            Err(_) => String::new(),
        }
    }

    /// The name of this object's type, e.g. `int`.
    pub fn type_name(&self) -> String {
        // SAFETY: every live object has a type whose tp_name is a C string.
        unsafe {
            let tp = ffi::Py_TYPE(self.as_ptr());
            std::ffi::CStr::from_ptr((*tp).tp_name)
                .to_string_lossy()
                .into_owned()
        }
    }

    /// A second strong reference to the same object.
    pub fn clone_ref(&self) -> PyRef<'py> {
        self.gil()
            .borrowed(self.as_ptr())
            .expect("a live object is never null")
    }
}

impl Drop for PyRef<'_> {
    fn drop(&mut self) {
        // SAFETY: the lifetime ties this reference to a held GIL of its interpreter.
        unsafe { ffi::Py_DECREF(self.ptr.as_ptr()) }
    }
}
