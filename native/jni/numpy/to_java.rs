//! `numpy.ndarray` → Java: by default a `jep.NDArray` holding a copy (with the
//! dimensions and the unsigned flag), or the very `DirectNDArray` whose buffer
//! the ndarray views; for a primitive array class (`int[].class`) a flat copy
//! in C order, cast when the dtype differs (see `_ndarray_to_java` in
//! `bootstrap.py` for the rules).

use jni::sys::jvalue;
use pyo3::ffi;

use super::cached::{attr, Name};
use super::java::java;
use super::{as_number, exporter, failure, helper, kind, Kind, View};
use crate::core::{tuple, Gil, PyRef};
use crate::jni::cache::Cache;
use crate::jni::env::{jni_call, jobj, Env, JResult, Local};
use crate::jni::to_java::{Prim, Target};

/// Converts an ndarray for `target`; None when `value`
/// is not an ndarray or this target is not one numpy handles.
pub fn to_java<'env>(
    env: Env<'env>,
    c: &Cache,
    value: &PyRef<'_>,
    target: Target,
) -> JResult<Option<Local<'env>>> {
    if kind(value.as_ptr()) != Some(Kind::Array) {
        return Ok(None);
    }
    match target {
        Target::Object => match direct_owner(env, value)? {
            Some(owner) => Ok(Some(owner)),
            None => nd_array(env, c, value),
        },
        Target::PrimArray(prim) => {
            let prepared = prepare(value, Some(prim))?
                .ok_or_else(|| failure("the ndarray has no Java counterpart"))?;
            Ok(Some(new_array(env, prepared.1, &prepared.0)?))
        }
        Target::Other(cls) => {
            if env.is_assignable(c.class.direct_nd_array, cls) {
                if let Some(owner) = direct_owner(env, value)? {
                    return Ok(Some(owner));
                }
            }
            if env.is_assignable(c.class.nd_array, cls) {
                return nd_array(env, c, value);
            }
            Ok(None)
        }
        _ => Ok(None),
    }
}

/// How well an argument fits a parameter, for overload selection: numpy
/// scalars score as the Python numbers they hold (`rescore`), ndarrays fit
/// only the primitive array of their dtype's Java type. None leaves
/// the value to the generic scoring.
///
/// # Safety
/// The GIL is held and `item` is a live object.
pub unsafe fn score(
    item: *mut ffi::PyObject,
    target: Target,
    rescore: impl FnOnce(*mut ffi::PyObject) -> Option<u32>,
) -> Option<Option<u32>> {
    let numpy_kind = kind(item)?;
    // SAFETY: the caller holds the GIL.
    let gil = unsafe { Gil::assume() };
    let value = gil.borrowed(item).ok()?;
    match (numpy_kind, target) {
        (Kind::Scalar, _) if as_number(target) => {
            let plain = super::item(&value)?;
            Some(rescore(plain.as_ptr()))
        }
        (Kind::Array, Target::PrimArray(Prim::Char)) => Some(None),
        // Only the array type of its dtype (as in Jep: a float32 ndarray is
        // no double[] argument).
        (Kind::Array, Target::PrimArray(prim)) => {
            Some((dtype_prim(&value) == Some(prim)).then_some(1))
        }
        _ => None,
    }
}

/// The overload-cache key of an ndarray argument (told apart by element type,
/// since the best overload depends on the dtype); None for other values.
///
/// # Safety
/// The GIL is held and `item` is a live object.
pub unsafe fn overload_key(item: *mut ffi::PyObject) -> Option<usize> {
    if kind(item) != Some(Kind::Array) {
        return None;
    }
    // SAFETY: the caller holds the GIL.
    let gil = unsafe { Gil::assume() };
    let value = gil.borrowed(item).ok()?;
    // Small numbers, never the address of a type object.
    Some(dtype_prim(&value).map_or(1, |prim| prim.letter() as usize))
}

/// The Java primitive whose box a numpy scalar becomes as an `Object`: its
/// dtype's, for bool, signed integer and float dtypes.
pub fn scalar_prim(value: &PyRef<'_>) -> Option<Prim> {
    let kind = value
        .getattr_opt(c"dtype")?
        .getattr_opt(c"kind")?
        .str_lossy();
    matches!(kind.as_str(), "b" | "i" | "f")
        .then(|| dtype_prim(value))
        .flatten()
}

/// The Java primitive holding the ndarray's dtype bit for bit, if any.
fn dtype_prim(value: &PyRef<'_>) -> Option<Prim> {
    let dtype = value.getattr_opt(c"dtype")?;
    let kind = dtype.getattr_opt(c"kind")?.str_lossy();
    let size = dtype.getattr_opt(c"itemsize")?;
    // SAFETY: reading an int (errors are cleared); we hold the GIL.
    let size = unsafe {
        let size = ffi::PyLong_AsLong(size.as_ptr());
        if size == -1 {
            ffi::PyErr_Clear();
        }
        size
    };
    Some(match (kind.as_str(), size) {
        ("b", 1) => Prim::Boolean,
        ("i" | "u", 1) => Prim::Byte,
        ("i" | "u", 2) => Prim::Short,
        ("i" | "u", 4) => Prim::Int,
        ("i" | "u", 8) => Prim::Long,
        ("f", 4) => Prim::Float,
        ("f", 8) => Prim::Double,
        _ => return None,
    })
}

/// `_ndarray_to_java(value, letter)`: a C-contiguous native-order array with
/// its Java element type and unsigned flag, or None (no Java counterpart,
/// only without a requested type).
fn prepare<'py>(
    value: &PyRef<'py>,
    prim: Option<Prim>,
) -> JResult<Option<(PyRef<'py>, Prim, bool)>> {
    let gil = value.gil();
    let requested = match prim {
        Some(prim) => gil.str(&prim.letter().to_string())?,
        None => gil.none(),
    };
    let prepared = helper(gil, "_ndarray_to_java")?
        .call(&tuple(gil, vec![value.clone_ref(), requested])?, None)?;
    if prepared.as_ptr() == gil.none().as_ptr() {
        return Ok(None);
    }
    // SAFETY: the helper returns a 3-tuple; its items are borrowed from it.
    let (array, letter, unsigned) = unsafe {
        let get = |index| gil.borrowed(ffi::PyTuple_GetItem(prepared.as_ptr(), index));
        (
            get(0)?,
            get(1)?.str_lossy(),
            ffi::PyObject_IsTrue(get(2)?.as_ptr()) == 1,
        )
    };
    let prim = Prim::from_letter(&letter)
        .ok_or_else(|| failure("_ndarray_to_java returned an unknown Java type"))?;
    Ok(Some((array, prim, unsigned)))
}

/// A new Java primitive array with the elements of a prepared array.
fn new_array<'env>(env: Env<'env>, prim: Prim, array: &PyRef<'_>) -> JResult<Local<'env>> {
    let view = View::c_contiguous(array, false)?;
    let count = view.len() / prim.size();
    let len = i32::try_from(count)
        .map_err(|_| failure("the ndarray has too many elements for a Java array"))?;
    if prim == Prim::Char {
        return Err(failure("an ndarray cannot become a char array"));
    }
    let created = prim.new_array(env, len)?;
    // SAFETY: a new array of this kind and `len` elements; the view holds them.
    unsafe { prim.set_region(env, created.as_raw(), 0, len, view.buf().cast())? };
    Ok(created)
}

/// A new `jep.NDArray` with a copy of the ndarray; None when its dtype has no
/// Java counterpart.
fn nd_array<'env>(env: Env<'env>, c: &Cache, value: &PyRef<'_>) -> JResult<Option<Local<'env>>> {
    let Some((array, prim, unsigned)) = prepare(value, None)? else {
        return Ok(None);
    };
    let j = java(env, c)?;
    let data = new_array(env, prim, &array)?;
    let dims = shape(value)?;
    let len = i32::try_from(dims.len()).map_err(|_| failure("too many dimensions"))?;
    let java_dims = env.non_null(jni_call!(env, v1_2, NewIntArray, len), "a new array")?;
    jni_call!(
        env,
        v1_2,
        SetIntArrayRegion,
        java_dims.as_raw(),
        0,
        len,
        dims.as_ptr()
    );
    env.check()?;
    let args = [
        jobj(data.as_raw()),
        jvalue { z: unsigned },
        jobj(java_dims.as_raw()),
    ];
    Ok(Some(env.new_object(
        c.class.nd_array,
        j.nd_array_new,
        &args,
    )?))
}

/// `value.shape` as Java dimensions.
fn shape(value: &PyRef<'_>) -> JResult<Vec<i32>> {
    let gil = value.gil();
    let shape = value.getattr("shape")?;
    // SAFETY: PySequence_Fast makes a list or tuple of the shape (a tuple).
    let fast = gil.owned(unsafe {
        ffi::PySequence_Fast(shape.as_ptr(), c"ndarray.shape is not a sequence".as_ptr())
    })?;
    // SAFETY: `fast` is a list or tuple; its items are borrowed ints.
    unsafe {
        let len = ffi::PySequence_Fast_GET_SIZE(fast.as_ptr());
        let mut dims = Vec::with_capacity(len as usize);
        for index in 0..len {
            let dim = ffi::PyLong_AsLongLong(ffi::PySequence_Fast_GET_ITEM(fast.as_ptr(), index));
            if dim == -1 && !ffi::PyErr_Occurred().is_null() {
                return Err(gil.take_error().into());
            }
            dims.push(
                i32::try_from(dim)
                    .map_err(|_| failure("an ndarray dimension does not fit in a Java int"))?,
            );
        }
        Ok(dims)
    }
}

/// The `DirectNDArray` whose buffer `value` is exactly the view of (same
/// memory, dtype, shape and strides: see [`exporter::key`]), as a new local
/// reference.
fn direct_owner<'env>(env: Env<'env>, value: &PyRef<'_>) -> JResult<Option<Local<'env>>> {
    let gil = value.gil();
    let Some(state) = crate::jni::module::loaded(gil) else {
        return Ok(None);
    };
    let mut base = attr(value, state, Name::Base)?;
    while kind(base.as_ptr()) == Some(Kind::Array) {
        base = attr(&base, state, Name::Base)?;
    }
    let Some(memory) = exporter::find(state, &base) else {
        return Ok(None);
    };
    if memory.key.is_null() {
        return Ok(None);
    }
    // The very ndarray made over the memory is told apart without a key.
    if !memory.is_made(value) {
        let key = exporter::key(value, state)?;
        // SAFETY: comparing two live tuples; we hold the GIL.
        let same = unsafe { ffi::PyObject_RichCompareBool(key.as_ptr(), memory.key, ffi::Py_EQ) };
        if same < 0 {
            return Err(gil.take_error().into());
        }
        if same == 0 {
            return Ok(None);
        }
    }
    Ok(Some(env.non_null(
        env.new_local(memory.owner),
        "a DirectNDArray",
    )?))
}
