//! The worker's table of Python objects lent to Java as numbered handles.
//!
//! Java's `PyObject` of a process interpreter names a handle; the object stays
//! alive here until Java releases it (`close()`, its `Cleaner`, or the
//! interpreter's close). The table is bounded: when it is full, a reply that
//! would need one more handle fails with a usage error instead of growing.

use std::collections::HashMap;

use crate::core::{Error, Gil, PyRef, Result};

/// The table: handle number → owned Python object.
pub struct Handles {
    objects: HashMap<u64, *mut pyo3::ffi::PyObject>,
    next: u64,
    limit: usize,
}

impl Handles {
    /// An empty table holding at most `limit` objects.
    pub fn new(limit: usize) -> Self {
        Handles {
            objects: HashMap::new(),
            next: 1,
            limit,
        }
    }

    /// How many objects are held.
    pub fn held(&self) -> usize {
        self.objects.len()
    }

    /// Keeps `object` and returns its new handle, or refuses when full.
    pub fn lend(&mut self, object: PyRef<'_>) -> Result<u64> {
        if self.objects.len() >= self.limit {
            return Err(Error::Usage(format!(
                "the worker's handle table is full ({} live Python objects held from Java); \
                 close PyObjects you no longer need or raise ProcessInterpreter's maxHandles",
                self.limit
            )));
        }
        let handle = self.next;
        self.next += 1;
        self.objects.insert(handle, object.into_ptr());
        Ok(handle)
    }

    /// A new reference to the object behind `handle`.
    pub fn get<'py>(&self, gil: Gil<'py>, handle: u64) -> Result<PyRef<'py>> {
        let ptr = self.objects.get(&handle).copied().ok_or_else(|| {
            Error::Usage(format!(
                "Python object handle {handle} is not held by the worker (it was released)"
            ))
        })?;
        gil.borrowed(ptr)
    }

    /// Drops the object behind `handle` (unknown handles are ignored).
    pub fn release(&mut self, gil: Gil<'_>, handle: u64) {
        if let Some(ptr) = self.objects.remove(&handle) {
            // The owned reference is dropped under the GIL the token proves.
            drop(gil.owned(ptr));
        }
    }
}
