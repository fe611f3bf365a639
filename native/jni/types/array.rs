//! `PyJArray`: a Java array as a fixed-size mutable Python sequence (index,
//! negative index, slices, `len`, iteration, `in`), exposing primitive arrays
//! through the buffer protocol (`memoryview(arr)`, `bytes(arr)`).
//!
//! Buffer views share one native copy of the array: the first view copies the
//! elements out, every further view and every item access (read or write)
//! uses that same copy while any view is exported, and the last view's
//! release writes it back. Java code sees the writes made through views (or
//! through item access meanwhile) once the last view is released.

use std::ffi::{c_int, c_void};

use jni::sys::{jobject, jvalue};
use pyo3::ffi;

use super::object::{new_type, slot_def};
use super::{refs, slot};
use crate::core::{Error, Gil, PyRef, Result};
use crate::jni::cache::cache;
use crate::jni::env::{Env, Failure, JResult};
use crate::jni::module::State;
use crate::jni::primitive::Prim;
use crate::jni::to_java::{self, Target};
use crate::jni::to_python;

/// The memory layout of a `PyJArray`.
#[repr(C)]
pub struct JArray {
    ob_base: ffi::PyObject,
    /// A JNI global reference to the array.
    pub array: jobject,
    /// The element type, `None` for object arrays.
    prim: Option<Prim>,
    /// The component class (global) of an object array.
    component: jobject,
    len: ffi::Py_ssize_t,
    item_size: ffi::Py_ssize_t,
    /// The native copy shared by the exported buffer views (null when none).
    shared: *mut Vec<u8>,
    /// How many buffer views are exported.
    exports: ffi::Py_ssize_t,
}

/// Creates the `PyJArray` type for the module being initialized.
pub fn create_type(gil: Gil<'_>, module: *mut ffi::PyObject) -> Result<*mut ffi::PyTypeObject> {
    let mut slots = [
        slot_def(ffi::Py_tp_dealloc, dealloc as *mut c_void),
        slot_def(ffi::Py_sq_length, length as *mut c_void),
        slot_def(ffi::Py_mp_length, length as *mut c_void),
        slot_def(ffi::Py_sq_item, item as *mut c_void),
        slot_def(ffi::Py_mp_subscript, subscript as *mut c_void),
        slot_def(ffi::Py_mp_ass_subscript, ass_subscript as *mut c_void),
        slot_def(ffi::Py_tp_repr, repr as *mut c_void),
        slot_def(ffi::Py_tp_richcompare, richcompare as *mut c_void),
        slot_def(ffi::Py_bf_getbuffer, get_buffer as *mut c_void),
        slot_def(ffi::Py_bf_releasebuffer, release_buffer as *mut c_void),
        slot_def(ffi::Py_tp_doc, c"A Java array.".as_ptr() as *mut c_void),
        slot_def(0, std::ptr::null_mut()),
    ];
    new_type(
        gil,
        module,
        c"jep.PyJArray",
        std::mem::size_of::<JArray>(),
        ffi::Py_TPFLAGS_DISALLOW_INSTANTIATION,
        &mut slots,
    )
}

fn item_size(prim: Option<Prim>) -> ffi::Py_ssize_t {
    prim.map_or(std::mem::size_of::<jobject>(), Prim::size) as _
}

/// Wraps a Java array (any local or global reference) as a new `PyJArray`.
pub fn wrap<'py>(
    gil: Gil<'py>,
    env: Env<'_>,
    state: &State,
    array: jobject,
) -> JResult<PyRef<'py>> {
    let c = cache()?;
    let class = env.class_of(array)?;
    let component = env
        .call_object(class.as_raw(), c.method.class_component_type, &[])?
        .ok_or_else(|| {
            Failure::Core(Error::Internal("an array without a component type".into()))
        })?;
    let prim = match to_java::classify(env, c, component.as_raw())? {
        Target::Prim(prim) => Some(prim),
        _ => None,
    };
    // SAFETY: array_type is our PyJArray type; generic alloc zeroes the instance.
    let obj = gil.owned(unsafe { ffi::PyType_GenericAlloc(state.array_type, 0) })?;
    // SAFETY: the instance has the JArray layout.
    unsafe {
        let a = &mut *obj.as_ptr().cast::<JArray>();
        a.array = env.new_global(array);
        a.prim = prim;
        a.component = if prim.is_none() {
            env.new_global(component.as_raw())
        } else {
            std::ptr::null_mut()
        };
        a.len = env.array_length(array) as ffi::Py_ssize_t;
        a.item_size = item_size(prim);
    }
    Ok(obj)
}

/// The Java array a `PyJArray` holds.
pub fn java_ref(state: &State, value: *mut ffi::PyObject) -> Option<jobject> {
    // SAFETY: type check of a live object; PyJArray instances have the JArray layout.
    unsafe {
        (ffi::PyObject_TypeCheck(value, state.array_type) != 0)
            .then(|| (*value.cast::<JArray>()).array)
    }
}

/// The array of a `PyJArray` made by [`wrap`]; None (with a Python
/// `TypeError` set) for an instance that never got one.
fn this<'a>(obj: *mut ffi::PyObject) -> Option<&'a JArray> {
    // SAFETY: slots of PyJArray receive PyJArray instances, alive for the call.
    let a = unsafe { &*obj.cast::<JArray>() };
    if a.array.is_null() {
        super::errors::uninitialized(c"PyJArray");
        return None;
    }
    Some(a)
}

/// Element `index` of kind `prim` from the shared native copy, while buffer
/// views are exported.
fn read_shared(a: &JArray, prim: Prim, index: usize) -> Option<jvalue> {
    // SAFETY: `shared` is null or a live Vec owned by the array object; slots
    // run with the GIL held, so no write overlaps this read.
    let copy = unsafe { a.shared.as_ref()? };
    Some(prim.read_bytes(&copy[index * prim.size()..]))
}

/// Writes one element's native-order `bytes` at `index` into the shared
/// native copy; false when no view is exported.
fn write_shared(a: &JArray, index: usize, bytes: &[u8]) -> bool {
    // SAFETY: as in `read_shared`; the GIL serializes this write with every
    // other access (views write through their own pointers only while Python
    // code runs, under the same GIL).
    let Some(copy) = (unsafe { a.shared.as_mut() }) else {
        return false;
    };
    let at = index * bytes.len();
    copy[at..at + bytes.len()].copy_from_slice(bytes);
    true
}

unsafe extern "C" fn dealloc(obj: *mut ffi::PyObject) {
    // SAFETY: `obj` is a dying PyJArray.
    unsafe {
        let a = &*obj.cast::<JArray>();
        refs::delete_global(a.array);
        refs::delete_global(a.component);
        if !a.shared.is_null() {
            drop(Box::from_raw(a.shared));
        }
        super::object::free_instance(obj);
    }
}

unsafe extern "C" fn length(obj: *mut ffi::PyObject) -> ffi::Py_ssize_t {
    this(obj).map_or(-1, |a| a.len)
}

fn get<'py>(
    gil: Gil<'py>,
    env: Env<'_>,
    a: &JArray,
    index: ffi::Py_ssize_t,
) -> JResult<PyRef<'py>> {
    let i = index as i32;
    let Some(prim) = a.prim else {
        let element = env.array_element(a.array, i)?;
        return to_python::to_python(
            env,
            gil,
            element
                .as_ref()
                .map_or(std::ptr::null_mut(), |e| e.as_raw()),
        );
    };
    let value = match read_shared(a, prim, index as usize) {
        Some(value) => value,
        None => {
            let mut one = [0u8; 8];
            // SAFETY: a primitive array of this kind; `one` holds one element.
            unsafe { prim.get_region(env, a.array, i, 1, one.as_mut_ptr())? };
            prim.read_bytes(&one)
        }
    };
    Ok(prim.to_python(gil, value)?)
}

/// Sets element `index` of `a` (in range) to the converted `value`.
pub fn set(
    gil: Gil<'_>,
    env: Env<'_>,
    a: &JArray,
    index: ffi::Py_ssize_t,
    value: *mut ffi::PyObject,
) -> JResult<()> {
    let c = cache()?;
    let value = gil.borrowed(value)?;
    let i = index as i32;
    let mut locals = to_java::Locals::new();
    let (target, class) = match a.prim {
        Some(prim) => (Target::Prim(prim), std::ptr::null_mut()),
        None => (to_java::classify(env, c, a.component)?, a.component),
    };
    let v: jvalue = to_java::to_jvalue(env, c, &value, target, class, &mut locals)?;
    let Some(prim) = a.prim else {
        // SAFETY: an object array element is the `l` member.
        return env.set_array_element(a.array, i as usize, unsafe { v.l });
    };
    let mut bytes = Vec::with_capacity(8);
    prim.push_bytes(v, &mut bytes);
    if write_shared(a, index as usize, &bytes) {
        return Ok(());
    }
    // SAFETY: a primitive array of this kind; `bytes` holds one element.
    unsafe { prim.set_region(env, a.array, i, 1, bytes.as_ptr()) }
}

fn normalize(a: &JArray, index: ffi::Py_ssize_t) -> JResult<ffi::Py_ssize_t> {
    let i = if index < 0 { index + a.len } else { index };
    if !(0..a.len).contains(&i) {
        return Err(Failure::Core(Error::Python(crate::core::PyException {
            type_repr: "<class 'IndexError'>".into(),
            type_name: "IndexError".into(),
            text: "Java array index out of range".into(),
            frames: Vec::new(),
            cause: None,
        })));
    }
    Ok(i)
}

unsafe extern "C" fn item(obj: *mut ffi::PyObject, index: ffi::Py_ssize_t) -> *mut ffi::PyObject {
    let Some(a) = this(obj) else {
        return std::ptr::null_mut();
    };
    slot::object(|gil, env| Ok(get(gil, env, a, normalize(a, index)?)?.into_ptr()))
}

/// The `(start, step, count)` of a slice over an array of `len`.
fn slice_range(
    slice: *mut ffi::PyObject,
    len: ffi::Py_ssize_t,
) -> Option<(ffi::Py_ssize_t, ffi::Py_ssize_t, ffi::Py_ssize_t)> {
    let (mut start, mut stop, mut step) = (0, 0, 0);
    // SAFETY: `slice` is a slice object; we hold the GIL.
    unsafe {
        if ffi::PySlice_Unpack(slice, &mut start, &mut stop, &mut step) < 0 {
            return None;
        }
        let count = ffi::PySlice_AdjustIndices(len, &mut start, &mut stop, step);
        Some((start, step, count))
    }
}

/// An index value as a `Py_ssize_t` (None with an error set when it is not one).
pub fn index_of(key: *mut ffi::PyObject) -> Option<ffi::Py_ssize_t> {
    // SAFETY: PyNumber_AsSsize_t on any object; -1 with an error means not an index.
    unsafe {
        let i = ffi::PyNumber_AsSsize_t(key, ffi::PyExc_IndexError);
        (i != -1 || ffi::PyErr_Occurred().is_null()).then_some(i)
    }
}

unsafe extern "C" fn subscript(
    obj: *mut ffi::PyObject,
    key: *mut ffi::PyObject,
) -> *mut ffi::PyObject {
    let Some(a) = this(obj) else {
        return std::ptr::null_mut();
    };
    // SAFETY: type check of a live object.
    if unsafe { ffi::PySlice_Check(key) } != 0 {
        let Some((start, step, count)) = slice_range(key, a.len) else {
            return std::ptr::null_mut();
        };
        if step != 1 {
            // SAFETY: raising with the GIL held.
            unsafe {
                ffi::PyErr_SetString(
                    ffi::PyExc_TypeError,
                    c"Java arrays can only be sliced with step 1 (as in Jep)".as_ptr(),
                )
            };
            return std::ptr::null_mut();
        }
        return slot::object(|gil, env| {
            let mut items = Vec::with_capacity(count as usize);
            for k in 0..count {
                items.push(get(gil, env, a, start + k * step)?);
            }
            let list = to_python::list_from(gil, items)?;
            Ok(list.into_ptr())
        });
    }
    let Some(index) = index_of(key) else {
        return std::ptr::null_mut();
    };
    // SAFETY: same object, integer index.
    unsafe { item(obj, index) }
}

unsafe extern "C" fn ass_subscript(
    obj: *mut ffi::PyObject,
    key: *mut ffi::PyObject,
    value: *mut ffi::PyObject,
) -> c_int {
    let Some(a) = this(obj) else {
        return -1;
    };
    if value.is_null() {
        // SAFETY: raising with the GIL held.
        unsafe {
            ffi::PyErr_SetString(
                ffi::PyExc_TypeError,
                c"Java arrays have a fixed size: elements cannot be deleted".as_ptr(),
            )
        };
        return -1;
    }
    // SAFETY: type check of a live object.
    if unsafe { ffi::PySlice_Check(key) } != 0 {
        let Some((start, step, count)) = slice_range(key, a.len) else {
            return -1;
        };
        return slot::run(-1, |gil, env| {
            // SAFETY: PySequence_Fast makes a list or tuple of the values.
            let values = gil.owned(unsafe {
                ffi::PySequence_Fast(value, c"can only assign an iterable".as_ptr())
            })?;
            // SAFETY: values is a list or tuple.
            let n = unsafe { ffi::PySequence_Fast_GET_SIZE(values.as_ptr()) };
            if n != count {
                return Err(Failure::Core(Error::Conversion(format!(
                    "cannot assign {n} values to a slice of {count} elements of a fixed-size Java array"
                ))));
            }
            for k in 0..count {
                // SAFETY: k < n; the item is borrowed from `values`.
                let v = unsafe { ffi::PySequence_Fast_GET_ITEM(values.as_ptr(), k) };
                set(gil, env, a, start + k * step, v)?;
            }
            Ok(0)
        });
    }
    let Some(index) = index_of(key) else {
        return -1;
    };
    slot::run(-1, |gil, env| {
        set(gil, env, a, normalize(a, index)?, value)?;
        Ok(0)
    })
}

fn as_list<'py>(gil: Gil<'py>, env: Env<'_>, a: &JArray) -> JResult<PyRef<'py>> {
    let mut items = Vec::with_capacity(a.len as usize);
    for k in 0..a.len {
        items.push(get(gil, env, a, k)?);
    }
    Ok(to_python::list_from(gil, items)?)
}

unsafe extern "C" fn repr(obj: *mut ffi::PyObject) -> *mut ffi::PyObject {
    let Some(a) = this(obj) else {
        return std::ptr::null_mut();
    };
    slot::object(|gil, env| {
        let list = as_list(gil, env, a)?;
        // SAFETY: repr of a live list.
        Ok(gil
            .owned(unsafe { ffi::PyObject_Repr(list.as_ptr()) })?
            .into_ptr())
    })
}

unsafe extern "C" fn richcompare(
    obj: *mut ffi::PyObject,
    other: *mut ffi::PyObject,
    op: c_int,
) -> *mut ffi::PyObject {
    // SAFETY: sequence check of a live object.
    let comparable =
        unsafe { ffi::PySequence_Check(other) } != 0 && (op == ffi::Py_EQ || op == ffi::Py_NE);
    if !comparable {
        // SAFETY: NotImplemented singleton with a new reference.
        return unsafe { ffi::Py_NewRef(ffi::Py_NotImplemented()) };
    }
    let Some(a) = this(obj) else {
        return std::ptr::null_mut();
    };
    slot::object(|gil, env| {
        let mine = as_list(gil, env, a)?;
        // SAFETY: list(other) and a rich comparison of two lists.
        unsafe {
            let theirs = gil.owned(ffi::PySequence_List(other))?;
            Ok(ffi::PyObject_RichCompare(
                mine.as_ptr(),
                theirs.as_ptr(),
                op,
            ))
        }
    })
}

unsafe extern "C" fn get_buffer(
    obj: *mut ffi::PyObject,
    view: *mut ffi::Py_buffer,
    flags: c_int,
) -> c_int {
    let Some(a) = this(obj) else {
        return -1;
    };
    let Some(prim) = a.prim else {
        // SAFETY: raising with the GIL held.
        unsafe {
            ffi::PyErr_SetString(
                ffi::PyExc_BufferError,
                c"only Java arrays of primitives support the buffer protocol".as_ptr(),
            )
        };
        return -1;
    };
    slot::run(-1, |_gil, env| {
        let a_mut = obj.cast::<JArray>();
        if a.shared.is_null() {
            let mut copy = vec![0u8; a.len as usize * prim.size()];
            // SAFETY: a primitive array of this kind and `len` elements; `copy` holds them.
            unsafe { prim.get_region(env, a.array, 0, a.len as i32, copy.as_mut_ptr())? };
            // SAFETY: the array object owns the copy from now on (freed on the
            // last release or in dealloc); the GIL serializes access.
            unsafe { (*a_mut).shared = Box::into_raw(Box::new(copy)) };
        }
        // SAFETY: filling the caller's Py_buffer; the data, shape and strides
        // point into our object (and its shared copy), which the view keeps
        // alive through `obj` and which is not freed before the last release.
        unsafe {
            (*a_mut).exports += 1;
            (*view).buf = (*(*a_mut).shared).as_mut_ptr().cast();
            (*view).obj = ffi::Py_NewRef(obj);
            (*view).len = a.len * a.item_size;
            (*view).readonly = 0;
            (*view).itemsize = a.item_size;
            (*view).format = if flags & ffi::PyBUF_FORMAT != 0 {
                prim.format().as_ptr().cast_mut()
            } else {
                std::ptr::null_mut()
            };
            (*view).ndim = 1;
            (*view).shape = if flags & ffi::PyBUF_ND != 0 {
                &raw mut (*a_mut).len
            } else {
                std::ptr::null_mut()
            };
            (*view).strides = if flags & ffi::PyBUF_STRIDES == ffi::PyBUF_STRIDES {
                &raw mut (*a_mut).item_size
            } else {
                std::ptr::null_mut()
            };
            (*view).suboffsets = std::ptr::null_mut();
            (*view).internal = std::ptr::null_mut();
        }
        Ok(0)
    })
}

unsafe extern "C" fn release_buffer(obj: *mut ffi::PyObject, _view: *mut ffi::Py_buffer) {
    let a_mut = obj.cast::<JArray>();
    // SAFETY: `obj` is a live PyJArray with an exported view (so initialized).
    let a = unsafe { &mut *a_mut };
    a.exports -= 1;
    let (Some(prim), 0) = (a.prim, a.exports) else {
        return;
    };
    if a.shared.is_null() {
        return;
    }
    // SAFETY: the last view is gone: we take back the shared copy.
    let copy = unsafe { Box::from_raw(a.shared) };
    a.shared = std::ptr::null_mut();
    let array = a.array;
    let len = a.len as i32;
    slot::run((), |_gil, env| {
        // SAFETY: a primitive array of this kind and `len` elements; `copy` holds them.
        unsafe { prim.set_region(env, array, 0, len, copy.as_ptr()) }
    });
}
