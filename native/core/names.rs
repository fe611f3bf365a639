//! A per-interpreter cache of interned Python names keyed by their UTF-16
//! text, so that a host calling the same function again (`invoke("f")`)
//! neither decodes the name nor allocates a Python string: the global is
//! looked up with the interned key the compiler also used. Only the name is
//! cached, never what it is bound to, so rebinding a name is seen at once.

use std::cell::RefCell;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use pyo3::ffi;

use super::error::{Error, Result};
use super::gil::{Gil, PyRef};

/// How many distinct names are kept; past that the cache is emptied.
const CAPACITY: usize = 1024;
/// Names longer than this (in UTF-16 units) are not cached.
const MAX_NAME: usize = 128;

/// FNV-1a: names are short, so a simple hash beats SipHash here.
#[derive(Default)]
struct Fnv(u64);

/// FNV-1a's offset basis.
const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
/// FNV-1a's prime.
const FNV_PRIME: u64 = 0x0100_0000_01b3;

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut hash = if self.0 == 0 { FNV_OFFSET } else { self.0 };
        for &byte in bytes {
            hash = (hash ^ u64::from(byte)).wrapping_mul(FNV_PRIME);
        }
        self.0 = hash;
    }
}

/// Interned `str` objects (strong references) by the UTF-16 text of the name.
#[derive(Default)]
pub struct NameCache {
    entries: RefCell<HashMap<Box<[u16]>, usize, BuildHasherDefault<Fnv>>>,
}

impl NameCache {
    /// The interned Python string for `units` (a new reference), made and
    /// remembered on first use. Text with a lone surrogate is a usage error
    /// naming `what`.
    ///
    /// # Safety
    /// The caller holds the GIL of the interpreter owning this cache.
    pub unsafe fn get<'py>(&self, gil: Gil<'py>, units: &[u16], what: &str) -> Result<PyRef<'py>> {
        if let Some(&name) = self.entries.borrow().get(units) {
            return gil.borrowed(name as *mut ffi::PyObject);
        }
        let text = String::from_utf16(units).map_err(|_| {
            Error::Usage(format!(
                "{what} contains an unpaired surrogate and is not valid text"
            ))
        })?;
        let name = gil.str(&text)?;
        let mut raw = name.into_ptr();
        // SAFETY: raw is a new reference to an exact str; InternInPlace may
        // replace it by the interned one (the reference moves along).
        unsafe { ffi::PyUnicode_InternInPlace(&mut raw) };
        let name = gil.owned(raw)?;
        if units.len() <= MAX_NAME {
            if self.entries.borrow().len() >= CAPACITY {
                // SAFETY: forwarded contract.
                unsafe { self.clear() };
            }
            // SAFETY: the cache keeps its own reference; we hold the GIL.
            unsafe { ffi::Py_INCREF(name.as_ptr()) };
            self.entries
                .borrow_mut()
                .insert(units.into(), name.as_ptr() as usize);
        }
        Ok(name)
    }

    /// Drops every cached name.
    ///
    /// # Safety
    /// As for [`NameCache::get`].
    pub unsafe fn clear(&self) {
        for (_, name) in self.entries.borrow_mut().drain() {
            // SAFETY: the cache owned this reference; the caller holds the GIL.
            unsafe { ffi::Py_DECREF(name as *mut ffi::PyObject) };
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::hash::Hash;

    fn hash(units: &[u16]) -> u64 {
        let mut h = Fnv::default();
        units.hash(&mut h);
        h.finish()
    }

    #[test]
    fn equal_names_hash_equal_and_different_ones_differ() {
        let f: Vec<u16> = "f".encode_utf16().collect();
        let g: Vec<u16> = "g".encode_utf16().collect();
        assert_eq!(hash(&f), hash(&f.clone()));
        assert_ne!(hash(&f), hash(&g));
    }
}
