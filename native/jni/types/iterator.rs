//! `PyJIterator`: Python iteration over a Java `Iterator` (and so over any
//! `Iterable`), calling `hasNext`/`next` through cached method IDs rather
//! than the general method-call path. A random-access `List` is read through
//! a [`Window`] of its iterator's next elements instead.

use std::ffi::c_void;

use jni::sys::jobject;
use pyo3::ffi;

use super::object::{free_instance, new_type, slot_def};
use super::window::Window;
use super::{refs, slot};
use crate::core::{Error, Gil, PyRef, Result};
use crate::jni::cache::cache;
use crate::jni::env::{Env, Failure, JResult};
use crate::jni::module::State;
use crate::jni::to_python;

#[repr(C)]
struct JIterator {
    ob_base: ffi::PyObject,
    iterator: jobject,
    /// The window (a `Box` owned by the instance), or null to call
    /// `hasNext`/`next` for each element.
    window: *mut Window,
}

/// Creates the `PyJIterator` type for the module being initialized.
pub fn create_type(gil: Gil<'_>, module: *mut ffi::PyObject) -> Result<*mut ffi::PyTypeObject> {
    let mut slots = [
        slot_def(ffi::Py_tp_dealloc, dealloc as *mut c_void),
        slot_def(ffi::Py_tp_iter, ffi::PyObject_SelfIter as *mut c_void),
        slot_def(ffi::Py_tp_iternext, next as *mut c_void),
        slot_def(
            ffi::Py_tp_doc,
            c"Iteration over a Java Iterator.".as_ptr() as *mut c_void,
        ),
        slot_def(0, std::ptr::null_mut()),
    ];
    new_type(
        gil,
        module,
        c"jep.PyJIterator",
        std::mem::size_of::<JIterator>(),
        ffi::Py_TPFLAGS_DISALLOW_INSTANTIATION,
        &mut slots,
    )
}

/// A Python iterator over a Java `Iterator`, or over `iterable.iterator()`.
pub fn iterate<'py>(
    gil: Gil<'py>,
    env: Env<'_>,
    state: &State,
    obj: jobject,
) -> JResult<PyRef<'py>> {
    let c = cache()?;
    let iterator = if env.is_instance(obj, c.class.iterator) {
        env.non_null(env.new_local(obj), "an iterator")?
    } else if env.is_instance(obj, c.class.iterable) {
        env.call_object(obj, c.method.iterable_iterator, &[])?
            .ok_or_else(|| Failure::Core(Error::Conversion("iterator() returned null".into())))?
    } else {
        return Err(Failure::Core(Error::Conversion(
            "not a Java Iterable or Iterator".into(),
        )));
    };
    let window =
        if env.is_instance(obj, c.class.list) && env.is_instance(obj, c.class.random_access) {
            Some(Window::new(env, c)?)
        } else {
            None
        };
    // SAFETY: iterator_type is our PyJIterator type; generic alloc zeroes the instance.
    let it = gil.owned(unsafe { ffi::PyType_GenericAlloc(state.iterator_type, 0) })?;
    // SAFETY: the instance has the JIterator layout and owns the new global
    // reference and the window.
    unsafe {
        let this = it.as_ptr().cast::<JIterator>();
        (*this).iterator = env.new_global(iterator.as_raw());
        (*this).window = window.map_or(std::ptr::null_mut(), Box::into_raw);
    }
    Ok(it)
}

unsafe extern "C" fn dealloc(this: *mut ffi::PyObject) {
    // SAFETY: `this` is a dying PyJIterator.
    unsafe {
        refs::delete_global((*this.cast::<JIterator>()).iterator);
        let window = (*this.cast::<JIterator>()).window;
        if !window.is_null() {
            drop(Box::from_raw(window));
        }
        free_instance(this);
    }
}

unsafe extern "C" fn next(this: *mut ffi::PyObject) -> *mut ffi::PyObject {
    // SAFETY: slots of PyJIterator receive PyJIterator instances.
    let iterator = unsafe { (*this.cast::<JIterator>()).iterator };
    if iterator.is_null() {
        super::errors::uninitialized(c"PyJIterator");
        return std::ptr::null_mut();
    }
    // SAFETY: as above; the window is the instance's, used only with the GIL held.
    if let Some(window) = unsafe { (*this.cast::<JIterator>()).window.as_mut() } {
        if window.busy {
            // SAFETY: raising with the GIL held.
            unsafe {
                ffi::PyErr_SetString(
                    ffi::PyExc_ValueError,
                    c"Java iterator already executing".as_ptr(),
                )
            };
            return std::ptr::null_mut();
        }
        // SAFETY: CPython calls tp_iternext with the GIL held.
        if let Some(made) = unsafe { window.next_plain() } {
            return made;
        }
        window.busy = true;
        let made = slot::object(|gil, env| window.next_from_java(gil, env, iterator));
        window.busy = false;
        return made;
    }
    slot::object(|gil, env| {
        let c = cache()?;
        if !env.call_boolean(iterator, c.method.iterator_has_next, &[])? {
            // Exhausted: null without an exception set ends the iteration.
            return Ok(std::ptr::null_mut());
        }
        let item = env.call_object(iterator, c.method.iterator_next, &[])?;
        let raw = item.as_ref().map_or(std::ptr::null_mut(), |i| i.as_raw());
        Ok(to_python::to_python(env, gil, raw)?.into_ptr())
    })
}
