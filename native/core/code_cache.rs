//! A small per-interpreter cache of compiled code objects, keyed by source
//! text and compile mode, so a host that runs the same statement or expression
//! again skips the compiler. Running cached code still executes it anew
//! against the current globals; only compilation is saved.

use std::cell::RefCell;
use std::collections::HashMap;

use pyo3::ffi;

/// How many distinct sources are kept; past that the cache is emptied.
const CAPACITY: usize = 256;
/// Sources longer than this are compiled every time (scripts, not hot calls).
const MAX_SOURCE: usize = 4096;

/// Compiled code objects (strong references) by (mode, source).
#[derive(Default)]
pub struct CodeCache {
    entries: RefCell<HashMap<(u8, String), usize>>,
}

impl CodeCache {
    /// A new strong reference to the cached code for `source`, if any.
    ///
    /// # Safety
    /// The caller holds the GIL of the interpreter owning this cache.
    pub unsafe fn get(&self, mode: u8, source: &str) -> Option<*mut ffi::PyObject> {
        let entries = self.entries.borrow();
        let code = *entries.get(&(mode, source.to_string()))? as *mut ffi::PyObject;
        // SAFETY: the cache owns a reference to `code`; the caller holds the GIL.
        unsafe { ffi::Py_INCREF(code) };
        Some(code)
    }

    /// Remembers `code` (a new reference is taken) for `source`.
    ///
    /// # Safety
    /// As for [`CodeCache::get`].
    pub unsafe fn put(&self, mode: u8, source: &str, code: *mut ffi::PyObject) {
        if source.len() > MAX_SOURCE {
            return;
        }
        if self.entries.borrow().len() >= CAPACITY {
            // SAFETY: forwarded contract.
            unsafe { self.clear() };
        }
        // SAFETY: the caller holds the GIL; the cache keeps its own reference.
        unsafe { ffi::Py_INCREF(code) };
        let previous = self
            .entries
            .borrow_mut()
            .insert((mode, source.to_string()), code as usize);
        if let Some(previous) = previous {
            // SAFETY: dropping the reference the cache held to the replaced entry.
            unsafe { ffi::Py_DECREF(previous as *mut ffi::PyObject) };
        }
    }

    /// Drops every cached code object.
    ///
    /// # Safety
    /// As for [`CodeCache::get`].
    pub unsafe fn clear(&self) {
        for (_, code) in self.entries.borrow_mut().drain() {
            // SAFETY: the cache owned this reference; the caller holds the GIL.
            unsafe { ffi::Py_DECREF(code as *mut ffi::PyObject) };
        }
    }

    /// How many sources are cached.
    pub fn len(&self) -> usize {
        self.entries.borrow().len()
    }
}
