//! `jep.NDArray` → a new `numpy.ndarray` holding a copy of the data, and
//! `jep.DirectNDArray` → a `numpy.ndarray` over the direct buffer's memory.

use jni::sys::jobject;

use super::cached::{self, Name};
use super::java::{java, Java};
use super::{exporter, failure, helper, View};
use crate::core::{tuple, Gil, PyRef};
use crate::jni::cache::{cache, Cache};
use crate::jni::env::{jni_call, Env, JResult};
use crate::jni::module::State;
use crate::jni::to_java::Prim;

/// Converts a `jep.AbstractNDArray` to a `numpy.ndarray`; without numpy
/// installed, it stays a Java object (wrapped like any other). The Java
/// object is read through its fields (what its getters return), so no Java
/// method is called.
pub fn to_python<'py>(env: Env<'_>, gil: Gil<'py>, obj: jobject) -> JResult<PyRef<'py>> {
    let state = crate::jni::module::current(gil)?;
    let numpy = numpy(gil, state)?;
    if numpy.as_ptr() == gil.none().as_ptr() {
        return crate::jni::types::class::wrap_object(gil, env, obj);
    }
    let c = cache()?;
    let j = java(env, c)?;
    env.in_frame(|| {
        let unsigned = jni_call!(env, v1_2, GetBooleanField, obj, j.unsigned);
        let dims = dimensions(env, j, obj)?;
        let data = env.non_null(
            jni_call!(env, v1_2, GetObjectField, obj, j.data),
            "the NDArray's data",
        )?;
        let shape = tuple(
            gil,
            dims.iter()
                .map(|&d| int(gil, d.into()))
                .collect::<crate::core::Result<_>>()?,
        )?;
        let count = dims.iter().map(|&d| i64::from(d)).product::<i64>();
        let array = Array {
            state,
            numpy: &numpy,
            data: data.as_raw(),
            unsigned,
            shape,
            count,
        };
        if env.is_instance(obj, c.class.direct_nd_array) {
            direct(env, gil, j, obj, array)
        } else {
            copy(env, c, array)
        }
    })
}

/// numpy, imported if needed; `None` when it is not installed. Once
/// imported, it is taken from `sys.modules` without a call into Python.
fn numpy<'py>(gil: Gil<'py>, state: &State) -> crate::core::Result<PyRef<'py>> {
    let name = cached::name(gil, state, Name::Numpy)?;
    // SAFETY: we hold the GIL; the interpreter's module dict is borrowed and
    // so is the item read from it (a lookup of a str key raises nothing).
    let loaded =
        unsafe { pyo3::ffi::PyDict_GetItem(pyo3::ffi::PyImport_GetModuleDict(), name.as_ptr()) };
    if !loaded.is_null() && loaded != gil.none().as_ptr() {
        return gil.borrowed(loaded);
    }
    helper(gil, "_numpy")?.call(&tuple(gil, Vec::new())?, None)
}

/// What both conversions need.
struct Array<'a, 'py> {
    state: &'py State,
    numpy: &'a PyRef<'py>,
    data: jobject,
    unsigned: bool,
    shape: PyRef<'py>,
    /// The product of the dimensions.
    count: i64,
}

fn int(gil: Gil<'_>, value: i64) -> crate::core::Result<PyRef<'_>> {
    // SAFETY: we hold the GIL.
    gil.owned(unsafe { pyo3::ffi::PyLong_FromLongLong(value) })
}

/// `getDimensions()` as a vector.
fn dimensions(env: Env<'_>, j: &Java, obj: jobject) -> JResult<Vec<i32>> {
    let dims = env.non_null(
        jni_call!(env, v1_2, GetObjectField, obj, j.dimensions),
        "the NDArray's dimensions",
    )?;
    let len = env.array_length(dims.as_raw());
    let mut values = vec![0i32; len as usize];
    jni_call!(
        env,
        v1_2,
        GetIntArrayRegion,
        dims.as_raw(),
        0,
        len,
        values.as_mut_ptr()
    );
    env.check()?;
    if values.iter().any(|&d| d < 0) {
        return Err(failure("the NDArray has a negative dimension"));
    }
    Ok(values)
}

/// The numpy dtype string of a Java element type, e.g. `=i4`, `>f8`, `u1`.
pub(super) fn dtype_code(prim: Prim, unsigned: bool, order: char) -> String {
    let (kind, size) = match prim {
        Prim::Boolean => return "?".into(),
        Prim::Float | Prim::Double => ('f', prim.size()),
        _ if unsigned => ('u', prim.size()),
        _ => ('i', prim.size()),
    };
    if size == 1 {
        format!("{kind}1")
    } else {
        format!("{order}{kind}{size}")
    }
}

/// A new ndarray with a copy of the primitive array's elements.
fn copy<'py>(env: Env<'_>, c: &Cache, a: Array<'_, 'py>) -> JResult<PyRef<'py>> {
    let prim = Prim::ALL
        .into_iter()
        .filter(|&prim| prim != Prim::Char)
        .find(|prim| env.is_instance(a.data, prim.array_class(c)))
        .ok_or_else(|| {
            failure(
            "an NDArray's data must be a boolean, byte, short, int, long, float or double array",
        )
        })?;
    let len = env.array_length(a.data);
    if i64::from(len) != a.count {
        return Err(failure(
            "the NDArray's dimensions do not match its data length",
        ));
    }
    let dtype = cached::dtype(a.state, a.numpy, prim, a.unsigned, '=')?;
    let array = cached::attr(a.numpy, a.state, Name::Empty)?
        .call_vector(&[a.shape.as_ptr(), dtype.as_ptr()])?;
    let view = View::c_contiguous(&array, true)?;
    if view.len() != len as usize * prim.size() {
        return Err(failure(
            "numpy.empty returned an array of an unexpected size",
        ));
    }
    if prim == Prim::Char {
        return Err(failure("an NDArray cannot hold a char array"));
    }
    // SAFETY: a primitive array of this kind and `len` elements; the view of
    // the new ndarray has room for them (checked above).
    unsafe { prim.get_region(env, a.data, 0, len, view.buf().cast())? };
    drop(view);
    Ok(array)
}

/// An ndarray over the direct buffer's memory (no copy), keeping the
/// DirectNDArray alive through its `base`.
fn direct<'py>(
    env: Env<'_>,
    gil: Gil<'py>,
    j: &Java,
    owner: jobject,
    a: Array<'_, 'py>,
) -> JResult<PyRef<'py>> {
    let address = jni_call!(env, v1_4, GetDirectBufferAddress, a.data);
    let capacity = jni_call!(env, v1_4, GetDirectBufferCapacity, a.data);
    env.check()?;
    if address.is_null() || capacity < 0 {
        return Err(failure("a DirectNDArray's data must be a direct buffer"));
    }
    let layout = jni_call!(env, v1_2, GetIntField, owner, j.layout);
    let prim = buffer_prim(layout).ok_or_else(|| {
        failure("a DirectNDArray's data must be a Byte, Short, Int, Long, Float or DoubleBuffer")
    })?;
    if capacity != a.count {
        return Err(failure(
            "the DirectNDArray's dimensions do not match its buffer's capacity",
        ));
    }
    let order = if layout & NATIVE_ORDER != 0 {
        '='
    } else if cfg!(target_endian = "little") {
        '>'
    } else {
        '<'
    };
    let readonly = layout & READ_ONLY != 0;
    let bytes = capacity as usize * prim.size();
    let memory = exporter::new(gil, env, a.state, owner, address, bytes, readonly)?;
    let dtype = cached::dtype(a.state, a.numpy, prim, a.unsigned, order)?;
    let array = cached::ndarray(a.state, a.numpy)?.call_vector(&[
        a.shape.as_ptr(),
        dtype.as_ptr(),
        memory.as_ptr(),
    ])?;
    let strides = cached::attr(&array, a.state, Name::Strides)?;
    exporter::set_made(&memory, &array, tuple(gil, vec![dtype, a.shape, strides])?)?;
    Ok(array)
}

/// `DirectNDArray.layout` bit: the buffer is read-only.
const READ_ONLY: i32 = 0x10;
/// `DirectNDArray.layout` bit: the buffer is in native byte order.
const NATIVE_ORDER: i32 = 0x20;

/// The element type of the buffer a `DirectNDArray.layout` describes (its
/// low four bits index Byte, Short, Int, Long, Float and DoubleBuffer).
fn buffer_prim(layout: i32) -> Option<Prim> {
    Some(match layout & 0xF {
        0 => Prim::Byte,
        1 => Prim::Short,
        2 => Prim::Int,
        3 => Prim::Long,
        4 => Prim::Float,
        5 => Prim::Double,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layout_names_the_buffer_type_whatever_the_flags() {
        assert!(matches!(buffer_prim(0), Some(Prim::Byte)));
        assert!(matches!(
            buffer_prim(5 | READ_ONLY | NATIVE_ORDER),
            Some(Prim::Double)
        ));
        assert!(matches!(buffer_prim(3 | READ_ONLY), Some(Prim::Long)));
        assert!(buffer_prim(15 | NATIVE_ORDER).is_none());
    }

    #[test]
    fn dtype_codes_have_an_order_only_past_one_byte() {
        assert_eq!(dtype_code(Prim::Int, false, '='), "=i4");
        assert_eq!(dtype_code(Prim::Long, true, '>'), ">u8");
        assert_eq!(dtype_code(Prim::Byte, true, '>'), "u1");
        assert_eq!(dtype_code(Prim::Double, true, '<'), "<f8");
        assert_eq!(dtype_code(Prim::Boolean, false, '='), "?");
    }
}
