//! Names a host binds to numbered slots of an interpreter, so that calling the
//! same function again (`invoke("f")`) neither crosses the name's text nor
//! decodes it nor allocates a Python string: the host remembers which slot
//! holds which name, and the global is looked up with the interned key the
//! compiler also used. Only the name is kept, never what it is bound to, so
//! rebinding a name is seen at once. Each binding has a tag the host passes
//! back, so that a slot bound anew between the host's choice of it and the
//! call reading it (by Python code run in between that calls the host, which
//! binds another name to the same slot) is noticed, never resolved to the
//! other name.

use std::cell::{Cell, RefCell};

use pyo3::ffi;

use super::error::{Error, Result};
use super::gil::{Gil, PyRef};

/// How many slots an interpreter has (slot numbers are `0..NAME_SLOTS`).
pub const NAME_SLOTS: usize = 256;

/// The names bound to the slots of one interpreter.
#[derive(Default)]
pub struct NameSlots {
    slots: RefCell<Vec<Binding>>,
    /// The tag of the last binding made.
    last_tag: Cell<u32>,
}

/// One slot: the tag of its binding (0: unbound) and the interned `str` parts
/// (strong references) of its name: `"obj.method"` is `["obj", "method"]`.
#[derive(Default)]
struct Binding {
    tag: u32,
    parts: Vec<usize>,
}

impl NameSlots {
    /// Binds `slot` to `name` (possibly dotted), replacing what it held, and
    /// returns the binding's tag (positive as an `i32`). On failure (a slot out
    /// of range, a Python error) the slot is unchanged.
    ///
    /// # Safety
    /// The caller holds the GIL of the interpreter owning these slots.
    pub unsafe fn bind(&self, gil: Gil<'_>, slot: usize, name: &str) -> Result<u32> {
        if slot >= NAME_SLOTS {
            return Err(Error::Usage(format!(
                "name slot {slot} is out of range (0..{NAME_SLOTS})"
            )));
        }
        let parts = name
            .split('.')
            .map(|part| interned(gil, part))
            .collect::<Result<Vec<_>>>()?;
        let parts = parts
            .into_iter()
            .map(|part| part.into_ptr() as usize)
            .collect();
        let tag = self.last_tag.get() % (i32::MAX as u32) + 1;
        self.last_tag.set(tag);
        let old = {
            let mut slots = self.slots.borrow_mut();
            if slots.len() <= slot {
                slots.resize_with(slot + 1, Binding::default);
            }
            std::mem::replace(&mut slots[slot], Binding { tag, parts })
        };
        for part in old.parts {
            // SAFETY: the slot owned this reference to a str (whose release runs
            // no Python code); the caller holds the GIL.
            unsafe { ffi::Py_DECREF(part as *mut ffi::PyObject) };
        }
        Ok(tag)
    }

    /// A new reference to the first part of the name bound to `slot` with
    /// `tag`, and whether attributes follow it ([`NameSlots::rest`]); `None`
    /// when the slot holds another binding now. (Raw and small: this is on
    /// every call's path.)
    ///
    /// # Safety
    /// As for [`NameSlots::bind`].
    pub unsafe fn first(&self, slot: usize, tag: u32) -> Option<(*mut ffi::PyObject, bool)> {
        let slots = self.slots.borrow();
        let binding = slots.get(slot).filter(|binding| binding.tag == tag)?;
        let (&first, rest) = binding.parts.split_first()?;
        let first = first as *mut ffi::PyObject;
        // SAFETY: the slot holds a reference to this str; the caller holds the GIL.
        unsafe { ffi::Py_INCREF(first) };
        Some((first, !rest.is_empty()))
    }

    /// New references to the parts after the first of the name bound to `slot`
    /// (taken before any Python code runs, as [`NameSlots::first`], they are of
    /// the same binding).
    ///
    /// # Safety
    /// As for [`NameSlots::bind`].
    pub unsafe fn rest<'py>(&self, gil: Gil<'py>, slot: usize) -> Result<Vec<PyRef<'py>>> {
        let slots = self.slots.borrow();
        let parts = slots.get(slot).map_or(&[][..], |binding| &binding.parts);
        parts
            .iter()
            .skip(1)
            .map(|&part| gil.borrowed(part as *mut ffi::PyObject))
            .collect()
    }

    /// Drops every bound name.
    ///
    /// # Safety
    /// As for [`NameSlots::bind`].
    pub unsafe fn clear(&self) {
        let slots = std::mem::take(&mut *self.slots.borrow_mut());
        for part in slots.into_iter().flat_map(|binding| binding.parts) {
            // SAFETY: the slot owned this reference; the caller holds the GIL.
            unsafe { ffi::Py_DECREF(part as *mut ffi::PyObject) };
        }
    }
}

/// The interned Python string of `text` (a new reference).
fn interned<'py>(gil: Gil<'py>, text: &str) -> Result<PyRef<'py>> {
    let mut raw = gil.str(text)?.into_ptr();
    // SAFETY: raw is a new reference to an exact str; InternInPlace may
    // replace it by the interned one (the reference moves along).
    unsafe { ffi::PyUnicode_InternInPlace(&mut raw) };
    gil.owned(raw)
}
