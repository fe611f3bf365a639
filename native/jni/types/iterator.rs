//! `PyJIterator`: Python iteration over a Java `Iterator` (and so over any
//! `Iterable`), calling `hasNext`/`next` through cached method IDs rather
//! than the general method-call path. A random-access `List` is iterated in
//! windows: one Java call (`KraitBulk.fill`) moves the next [`WINDOW`]
//! elements of the list's own iterator into an array, which the following
//! `next` calls read without calling Java. A list changed meanwhile is
//! noticed (`ConcurrentModificationException`) at the next window.

use std::ffi::c_void;

use jni::sys::jobject;
use pyo3::ffi;

use super::object::{free_instance, new_type, slot_def};
use super::{refs, slot};
use crate::core::{Error, Gil, PyRef, Result};
use crate::jni::cache::cache;
use crate::jni::env::{jni_call, jobj, Env, Failure, JResult};
use crate::jni::module::State;
use crate::jni::to_python;

/// How many elements of a random-access list one window holds.
const WINDOW: i32 = 128;

#[repr(C)]
struct JIterator {
    ob_base: ffi::PyObject,
    iterator: jobject,
    /// The window (a global `Object[]`), or null to call `hasNext`/`next` each time.
    window: jobject,
    /// How many elements the window holds now.
    filled: i32,
    /// The next element of the window to return.
    next: i32,
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
            let window = env.new_object_array(WINDOW as usize, c.class.object)?;
            env.new_global(window.as_raw())
        } else {
            std::ptr::null_mut()
        };
    // SAFETY: iterator_type is our PyJIterator type; generic alloc zeroes the instance.
    let it = match gil.owned(unsafe { ffi::PyType_GenericAlloc(state.iterator_type, 0) }) {
        Ok(it) => it,
        Err(err) => {
            refs::delete_global(window);
            return Err(err.into());
        }
    };
    // SAFETY: the instance has the JIterator layout and owns the new global references.
    unsafe {
        let this = it.as_ptr().cast::<JIterator>();
        (*this).iterator = env.new_global(iterator.as_raw());
        (*this).window = window;
    }
    Ok(it)
}

unsafe extern "C" fn dealloc(this: *mut ffi::PyObject) {
    // SAFETY: `this` is a dying PyJIterator.
    unsafe {
        refs::delete_global((*this.cast::<JIterator>()).iterator);
        refs::delete_global((*this.cast::<JIterator>()).window);
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
    // SAFETY: as above; the instance is ours while the slot runs, with the GIL held.
    let window = unsafe { (*this.cast::<JIterator>()).window };
    if !window.is_null() {
        // SAFETY: as above.
        return slot::object(|gil, env| unsafe { next_windowed(gil, env, this.cast(), window) });
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

/// The next element through the window, refilled from the iterator when read.
///
/// # Safety
/// `this` is a live `PyJIterator` whose `window` is `window`; the GIL is held.
unsafe fn next_windowed(
    gil: Gil<'_>,
    env: Env<'_>,
    this: *mut JIterator,
    window: jobject,
) -> JResult<*mut ffi::PyObject> {
    // SAFETY: per the contract.
    let it = unsafe { &mut *this };
    if it.next >= it.filled {
        if it.filled < WINDOW && it.next > 0 {
            // The last fill did not fill the window: the iterator is exhausted.
            return Ok(std::ptr::null_mut());
        }
        let c = cache()?;
        let filled = jni_call!(
            env,
            v1_2,
            CallStaticIntMethodA,
            c.class.krait_bulk,
            c.method.bulk_fill,
            [jobj(it.iterator), jobj(window)].as_ptr()
        );
        env.check()?;
        it.filled = filled;
        it.next = 0;
        if filled == 0 {
            // Exhausted: null without an exception set ends the iteration.
            it.next = 1;
            return Ok(std::ptr::null_mut());
        }
    }
    let item = env.array_element(window, it.next)?;
    it.next += 1;
    let raw = item.as_ref().map_or(std::ptr::null_mut(), |i| i.as_raw());
    Ok(to_python::to_python(env, gil, raw)?.into_ptr())
}
