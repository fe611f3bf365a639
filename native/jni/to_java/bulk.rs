//! Python lists and tuples of one number type converted in bulk: the values
//! cross JNI as one primitive array (`SetLongArrayRegion`, …) and Java boxes
//! them into the list in one loop (`jep.KraitBulk`), instead of one boxing
//! call and one `add` call per element. The result equals the element-wise
//! default conversion: exact `int`s that fit a `long` become `Long`s, exact
//! `float`s `Double`s, in an `ArrayList` (a tuple's wrapped unmodifiable).

use jni::sys::{jboolean, jmethodID, jvalue};
use pyo3::ffi;

use crate::core::PyRef;
use crate::jni::cache::Cache;
use crate::jni::env::{jobj, Env, Failure, JResult, Local};
use crate::jni::primitive::Prim;

/// Lists shorter than this convert element by element (the bulk call costs more).
const MIN_BULK: usize = 8;

/// The number type shared by every element of a sequence.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Kind {
    /// Exact `int`s that fit a Java `long`.
    Long,
    /// Exact `float`s.
    Double,
}

/// The Java list for a list or tuple whose elements are all exact ints
/// fitting a `long`, or all exact floats; `None` for any other sequence.
pub(super) fn homogeneous_list<'env>(
    env: Env<'env>,
    c: &Cache,
    value: &PyRef<'_>,
    unmodifiable: bool,
) -> JResult<Option<Local<'env>>> {
    let items = borrowed_items(value);
    if items.len() < MIN_BULK {
        return Ok(None);
    }
    // SAFETY: the items are live (borrowed from the sequence, which no Python
    // code runs to change meanwhile); we hold the GIL.
    let Some(kind) = (unsafe { kind_of(items[0]) }) else {
        return Ok(None);
    };
    let (array, method): (Option<Local<'env>>, jmethodID) = match kind {
        Kind::Long => (
            // SAFETY: as above.
            array_of(env, Prim::Long, items, |item| unsafe { as_long(item) })?,
            c.method.bulk_long_list,
        ),
        Kind::Double => (
            // SAFETY: as above.
            array_of(env, Prim::Double, items, |item| unsafe { as_double(item) })?,
            c.method.bulk_double_list,
        ),
    };
    let Some(array) = array else {
        return Ok(None);
    };
    let list = env.call_static_object(
        c.class.krait_bulk,
        method,
        &[
            jobj(array.as_raw()),
            jvalue {
                z: jboolean::from(unmodifiable),
            },
        ],
    )?;
    list.map(Some)
        .ok_or_else(|| Failure::conversion("KraitBulk returned no list"))
}

/// The elements of a list or tuple as borrowed pointers (empty for any other object).
fn borrowed_items<'a>(value: &'a PyRef<'_>) -> &'a [*mut ffi::PyObject] {
    let obj = value.as_ptr();
    // SAFETY: type checks of a live object; a list's or tuple's item array
    // holds `size` live pointers while it is not resized (no Python code runs
    // during a conversion of its elements to numbers).
    unsafe {
        if ffi::PyList_Check(obj) != 0 {
            let list = obj.cast::<ffi::PyListObject>();
            let len = ffi::PyList_GET_SIZE(obj) as usize;
            if len == 0 {
                return &[];
            }
            std::slice::from_raw_parts((*list).ob_item, len)
        } else if ffi::PyTuple_Check(obj) != 0 {
            let len = ffi::PyTuple_GET_SIZE(obj) as usize;
            let tuple = obj.cast::<ffi::PyTupleObject>();
            std::slice::from_raw_parts((*tuple).ob_item.as_ptr(), len)
        } else {
            &[]
        }
    }
}

/// Which bulk kind `item` would start.
///
/// # Safety
/// `item` is live; the GIL is held.
unsafe fn kind_of(item: *mut ffi::PyObject) -> Option<Kind> {
    // SAFETY: per the contract.
    unsafe {
        if ffi::PyLong_CheckExact(item) != 0 {
            Some(Kind::Long)
        } else if ffi::PyFloat_CheckExact(item) != 0 {
            Some(Kind::Double)
        } else {
            None
        }
    }
}

/// The value of an exact int that fits a `long`; `None` for anything else.
///
/// # Safety
/// `item` is live; the GIL is held.
unsafe fn as_long(item: *mut ffi::PyObject) -> Option<i64> {
    // SAFETY: per the contract.
    unsafe {
        if ffi::PyLong_CheckExact(item) == 0 {
            return None;
        }
        let mut overflow = 0;
        let v = ffi::PyLong_AsLongLongAndOverflow(item, &mut overflow);
        // An exact int never fails to convert; overflow is reported, not raised.
        (overflow == 0).then_some(v)
    }
}

/// The value of an exact float; `None` for anything else.
///
/// # Safety
/// `item` is live; the GIL is held.
unsafe fn as_double(item: *mut ffi::PyObject) -> Option<f64> {
    // SAFETY: per the contract.
    unsafe { (ffi::PyFloat_CheckExact(item) != 0).then(|| ffi::PyFloat_AS_DOUBLE(item)) }
}

/// How many values [`array_of`] converts before copying them into the array.
const CHUNK: usize = 2048;

/// A new Java primitive array of kind `prim` (of values of type `T`, i64 or
/// f64) holding `value` of each item, or `None` when one has none. The values
/// go through a stack buffer a chunk at a time, so that no heap memory is
/// allocated besides the Java array.
fn array_of<'env, T: Copy + Default>(
    env: Env<'env>,
    prim: Prim,
    items: &[*mut ffi::PyObject],
    value: impl Fn(*mut ffi::PyObject) -> Option<T>,
) -> JResult<Option<Local<'env>>> {
    debug_assert_eq!(std::mem::size_of::<T>(), prim.size());
    let len = jni::sys::jsize::try_from(items.len())
        .map_err(|_| crate::jni::env::too_large(items.len()))?;
    let array = prim.new_array(env, len)?;
    let mut buf = [T::default(); CHUNK];
    for (index, chunk) in items.chunks(CHUNK).enumerate() {
        for (slot, &item) in buf.iter_mut().zip(chunk) {
            match value(item) {
                Some(v) => *slot = v,
                None => return Ok(None),
            }
        }
        // SAFETY: `array` has `len` elements of `prim`, this chunk starts at
        // `index * CHUNK` and fits (both bounded by `items.len()`); `buf`
        // holds `chunk.len()` elements of the same size and representation.
        unsafe {
            prim.set_region(
                env,
                array.as_raw(),
                (index * CHUNK) as jni::sys::jsize,
                chunk.len() as jni::sys::jsize,
                buf.as_ptr().cast(),
            )?
        };
    }
    Ok(Some(array))
}
