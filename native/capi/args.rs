//! Checked access to pointer arguments: NULL and non-UTF-8 text become usage
//! errors instead of crashes.

use std::ffi::{c_char, CStr};

use crate::core::Error;

/// The error for a NULL argument.
pub(super) fn null(what: &str) -> Error {
    Error::Usage(format!("argument `{what}` is NULL"))
}

/// The UTF-8 text of a NUL-terminated C string argument.
///
/// # Safety
/// `ptr` is NULL or a NUL-terminated string that stays valid and unchanged for `'a`.
pub(super) unsafe fn text<'a>(ptr: *const c_char, what: &str) -> Result<&'a str, Error> {
    if ptr.is_null() {
        return Err(null(what));
    }
    // SAFETY: the caller guarantees a NUL-terminated string valid for 'a.
    let raw = unsafe { CStr::from_ptr(ptr) };
    raw.to_str().map_err(|e| {
        Error::Usage(format!(
            "argument `{what}` is not valid UTF-8 (bad byte at offset {})",
            e.valid_up_to()
        ))
    })
}

/// A shared reference to the object behind a pointer argument.
///
/// # Safety
/// `ptr` is NULL or points to a live `T` that is not mutated during `'a`.
pub(super) unsafe fn borrow<'a, T>(ptr: *const T, what: &str) -> Result<&'a T, Error> {
    // SAFETY: the caller guarantees the pointer is NULL or valid for 'a.
    unsafe { ptr.as_ref() }.ok_or_else(|| null(what))
}

/// An out-parameter: checked for NULL and emptied (NULL, 0) up front, so callers
/// see the empty value whenever the call fails.
pub(super) struct Out<'a, T>(&'a mut T);

impl<'a, T> Out<'a, *mut T> {
    /// Checks `ptr` and stores NULL through it.
    ///
    /// # Safety
    /// `ptr` is NULL or points to writable storage for a pointer, valid for `'a`.
    pub(super) unsafe fn new(ptr: *mut *mut T, what: &str) -> Result<Self, Error> {
        // SAFETY: the caller's guarantee is the one `emptied` needs.
        unsafe { Out::emptied(ptr, std::ptr::null_mut(), what) }
    }
}

impl<'a, T> Out<'a, T> {
    /// Checks `ptr` and stores `empty` through it.
    ///
    /// # Safety
    /// `ptr` is NULL or points to writable storage for a `T`, valid for `'a`.
    pub(super) unsafe fn emptied(ptr: *mut T, empty: T, what: &str) -> Result<Self, Error> {
        // SAFETY: the caller guarantees the pointer is NULL or writable for 'a.
        let slot = unsafe { ptr.as_mut() }.ok_or_else(|| null(what))?;
        *slot = empty;
        Ok(Out(slot))
    }

    /// Stores the result.
    pub(super) fn put(self, value: T) {
        *self.0 = value;
    }
}
