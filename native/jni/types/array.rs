//! `PyJArray`: a Java array as a fixed-size mutable Python sequence (index,
//! negative index, slices, `len`, iteration, `in`), exposing primitive arrays
//! through the buffer protocol (`memoryview(arr)`, `bytes(arr)`).

use std::ffi::{c_int, c_void};

use jni::sys::{jobject, jvalue};
use pyo3::ffi;

use super::object::{new_type, slot_def};
use super::{refs, slot};
use crate::core::{Error, Gil, PyRef, Result};
use crate::jni::cache::cache;
use crate::jni::env::{jni_call, Env, Failure, JResult};
use crate::jni::module::State;
use crate::jni::to_java::{self, Prim, Target};
use crate::jni::{strings, to_python};

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
        0,
        &mut slots,
    )
}

fn item_size(prim: Option<Prim>) -> ffi::Py_ssize_t {
    match prim {
        Some(Prim::Boolean | Prim::Byte) => 1,
        Some(Prim::Char | Prim::Short) => 2,
        Some(Prim::Int | Prim::Float) => 4,
        Some(Prim::Long | Prim::Double) => 8,
        None => std::mem::size_of::<jobject>() as _,
    }
}

fn format(prim: Prim) -> &'static std::ffi::CStr {
    match prim {
        Prim::Boolean => c"?",
        Prim::Byte => c"b",
        Prim::Char => c"H",
        Prim::Short => c"h",
        Prim::Int => c"i",
        Prim::Long => c"q",
        Prim::Float => c"f",
        Prim::Double => c"d",
    }
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
        .ok_or_else(|| Failure::Core(Error::Usage("an array without a component type".into())))?;
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

fn this<'a>(obj: *mut ffi::PyObject) -> &'a JArray {
    // SAFETY: slots of PyJArray receive PyJArray instances.
    unsafe { &*obj.cast::<JArray>() }
}

unsafe extern "C" fn dealloc(obj: *mut ffi::PyObject) {
    // SAFETY: `obj` is a dying PyJArray.
    unsafe {
        let a = &*obj.cast::<JArray>();
        refs::delete_global(a.array);
        refs::delete_global(a.component);
        super::object::free_instance(obj);
    }
}

unsafe extern "C" fn length(obj: *mut ffi::PyObject) -> ffi::Py_ssize_t {
    this(obj).len
}

fn get<'py>(
    gil: Gil<'py>,
    env: Env<'_>,
    a: &JArray,
    index: ffi::Py_ssize_t,
) -> JResult<PyRef<'py>> {
    let i = index as i32;
    macro_rules! one {
        ($get:ident, $t:ty) => {{
            let mut v: $t = Default::default();
            jni_call!(env, v1_2, $get, a.array, i, 1, &mut v);
            env.check()?;
            v
        }};
    }
    // SAFETY (all arms): creating Python scalars with the GIL held.
    let ptr = unsafe {
        match a.prim {
            Some(Prim::Boolean) => ffi::PyBool_FromLong(one!(GetBooleanArrayRegion, bool).into()),
            Some(Prim::Byte) => ffi::PyLong_FromLong(one!(GetByteArrayRegion, i8).into()),
            Some(Prim::Short) => ffi::PyLong_FromLong(one!(GetShortArrayRegion, i16).into()),
            Some(Prim::Int) => ffi::PyLong_FromLong(one!(GetIntArrayRegion, i32).into()),
            Some(Prim::Long) => ffi::PyLong_FromLongLong(one!(GetLongArrayRegion, i64)),
            Some(Prim::Float) => ffi::PyFloat_FromDouble(one!(GetFloatArrayRegion, f32).into()),
            Some(Prim::Double) => ffi::PyFloat_FromDouble(one!(GetDoubleArrayRegion, f64)),
            Some(Prim::Char) => {
                return Ok(strings::utf16_to_python(
                    gil,
                    &[one!(GetCharArrayRegion, u16)],
                )?)
            }
            None => {
                let element = env.array_element(a.array, i)?;
                return to_python::to_python(
                    env,
                    gil,
                    element
                        .as_ref()
                        .map_or(std::ptr::null_mut(), |e| e.as_raw()),
                );
            }
        }
    };
    Ok(gil.owned(ptr)?)
}

fn set(
    gil: Gil<'_>,
    env: Env<'_>,
    a: &JArray,
    index: ffi::Py_ssize_t,
    value: *mut ffi::PyObject,
) -> JResult<()> {
    let c = cache()?;
    let value = gil.borrowed(value)?;
    let i = index as i32;
    let mut locals = Vec::new();
    let (target, class) = match a.prim {
        Some(prim) => (Target::Prim(prim), std::ptr::null_mut()),
        None => (to_java::classify(env, c, a.component)?, a.component),
    };
    let v: jvalue = to_java::to_jvalue(env, c, &value, target, class, &mut locals)?;
    macro_rules! put {
        ($set:ident, $member:ident) => {{
            // SAFETY: reading the union member written for this element type.
            let one = unsafe { v.$member };
            jni_call!(env, v1_2, $set, a.array, i, 1, &one)
        }};
    }
    match a.prim {
        Some(Prim::Boolean) => put!(SetBooleanArrayRegion, z),
        Some(Prim::Byte) => put!(SetByteArrayRegion, b),
        Some(Prim::Short) => put!(SetShortArrayRegion, s),
        Some(Prim::Int) => put!(SetIntArrayRegion, i),
        Some(Prim::Long) => put!(SetLongArrayRegion, j),
        Some(Prim::Float) => put!(SetFloatArrayRegion, f),
        Some(Prim::Double) => put!(SetDoubleArrayRegion, d),
        Some(Prim::Char) => put!(SetCharArrayRegion, c),
        // SAFETY: an object array element is the `l` member.
        None => env.set_array_element(a.array, i as usize, unsafe { v.l })?,
    }
    env.check()
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
    slot::object(|gil, env| {
        let a = this(obj);
        Ok(get(gil, env, a, normalize(a, index)?)?.into_ptr())
    })
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

fn index_of(key: *mut ffi::PyObject) -> Option<ffi::Py_ssize_t> {
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
    let a = this(obj);
    // SAFETY: type check of a live object.
    if unsafe { ffi::PySlice_Check(key) } != 0 {
        let Some((start, step, count)) = slice_range(key, a.len) else {
            return std::ptr::null_mut();
        };
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
    let a = this(obj);
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
    slot::object(|gil, env| {
        let list = as_list(gil, env, this(obj))?;
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
    slot::object(|gil, env| {
        let mine = as_list(gil, env, this(obj))?;
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
    let a = this(obj);
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
        let data = match prim {
            Prim::Boolean => jni_call!(
                env,
                v1_2,
                GetBooleanArrayElements,
                a.array,
                std::ptr::null_mut()
            )
            .cast::<c_void>(),
            Prim::Byte => jni_call!(
                env,
                v1_2,
                GetByteArrayElements,
                a.array,
                std::ptr::null_mut()
            )
            .cast(),
            Prim::Char => jni_call!(
                env,
                v1_2,
                GetCharArrayElements,
                a.array,
                std::ptr::null_mut()
            )
            .cast(),
            Prim::Short => jni_call!(
                env,
                v1_2,
                GetShortArrayElements,
                a.array,
                std::ptr::null_mut()
            )
            .cast(),
            Prim::Int => jni_call!(
                env,
                v1_2,
                GetIntArrayElements,
                a.array,
                std::ptr::null_mut()
            )
            .cast(),
            Prim::Long => jni_call!(
                env,
                v1_2,
                GetLongArrayElements,
                a.array,
                std::ptr::null_mut()
            )
            .cast(),
            Prim::Float => jni_call!(
                env,
                v1_2,
                GetFloatArrayElements,
                a.array,
                std::ptr::null_mut()
            )
            .cast(),
            Prim::Double => jni_call!(
                env,
                v1_2,
                GetDoubleArrayElements,
                a.array,
                std::ptr::null_mut()
            )
            .cast(),
        };
        env.check()?;
        if data.is_null() {
            return Err(Failure::Core(Error::Usage(
                "could not access the Java array's elements".into(),
            )));
        }
        let a_mut = obj.cast::<JArray>();
        // SAFETY: filling the caller's Py_buffer; shape/strides point into our object,
        // which the view keeps alive through `obj`.
        unsafe {
            (*view).buf = data;
            (*view).obj = ffi::Py_NewRef(obj);
            (*view).len = a.len * a.item_size;
            (*view).readonly = 0;
            (*view).itemsize = a.item_size;
            (*view).format = if flags & ffi::PyBUF_FORMAT != 0 {
                format(prim).as_ptr().cast_mut()
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

unsafe extern "C" fn release_buffer(obj: *mut ffi::PyObject, view: *mut ffi::Py_buffer) {
    let a = this(obj);
    let Some(prim) = a.prim else { return };
    slot::run((), |_gil, env| {
        // SAFETY: `buf` came from the matching Get<Prim>ArrayElements in get_buffer.
        let data = unsafe { (*view).buf };
        match prim {
            Prim::Boolean => jni_call!(
                env,
                v1_2,
                ReleaseBooleanArrayElements,
                a.array,
                data.cast(),
                0
            ),
            Prim::Byte => jni_call!(env, v1_2, ReleaseByteArrayElements, a.array, data.cast(), 0),
            Prim::Char => jni_call!(env, v1_2, ReleaseCharArrayElements, a.array, data.cast(), 0),
            Prim::Short => jni_call!(
                env,
                v1_2,
                ReleaseShortArrayElements,
                a.array,
                data.cast(),
                0
            ),
            Prim::Int => jni_call!(env, v1_2, ReleaseIntArrayElements, a.array, data.cast(), 0),
            Prim::Long => jni_call!(env, v1_2, ReleaseLongArrayElements, a.array, data.cast(), 0),
            Prim::Float => jni_call!(
                env,
                v1_2,
                ReleaseFloatArrayElements,
                a.array,
                data.cast(),
                0
            ),
            Prim::Double => jni_call!(
                env,
                v1_2,
                ReleaseDoubleArrayElements,
                a.array,
                data.cast(),
                0
            ),
        }
        Ok(())
    });
}

/// `jep.jarray(size, typecode | class [, fill])`: a new Java array.
pub fn jarray<'py>(
    gil: Gil<'py>,
    env: Env<'_>,
    state: &State,
    args: &[*mut ffi::PyObject],
) -> JResult<PyRef<'py>> {
    let usage = || {
        Failure::Core(Error::Conversion(
            "jarray(size, typecode or Java class[, fill])".into(),
        ))
    };
    if args.len() < 2 || args.len() > 3 {
        return Err(usage());
    }
    let size = index_of(args[0])
        .filter(|n| (0..=i32::MAX as isize).contains(n))
        .ok_or_else(usage)?;
    // SAFETY: clear a failed index conversion, if any.
    unsafe { ffi::PyErr_Clear() };
    let size = size as i32;
    let c = cache()?;
    let array = match element_kind(gil, env, state, args[1])? {
        ElementKind::Prim(prim) => {
            let raw = match prim {
                Prim::Boolean => jni_call!(env, v1_2, NewBooleanArray, size),
                Prim::Byte => jni_call!(env, v1_2, NewByteArray, size),
                Prim::Char => jni_call!(env, v1_2, NewCharArray, size),
                Prim::Short => jni_call!(env, v1_2, NewShortArray, size),
                Prim::Int => jni_call!(env, v1_2, NewIntArray, size),
                Prim::Long => jni_call!(env, v1_2, NewLongArray, size),
                Prim::Float => jni_call!(env, v1_2, NewFloatArray, size),
                Prim::Double => jni_call!(env, v1_2, NewDoubleArray, size),
            };
            env.non_null(raw, "a new array")?
        }
        ElementKind::Class(class) => {
            env.new_object_array(size as usize, class.unwrap_or(c.class.object))?
        }
    };
    let wrapped = wrap(gil, env, state, array.as_raw())?;
    if let Some(&fill) = args.get(2) {
        let a = this(wrapped.as_ptr());
        for k in 0..a.len {
            set(gil, env, a, k, fill)?;
        }
    }
    Ok(wrapped)
}

enum ElementKind {
    Prim(Prim),
    Class(Option<jobject>),
}

fn element_kind(
    gil: Gil<'_>,
    env: Env<'_>,
    state: &State,
    spec: *mut ffi::PyObject,
) -> JResult<ElementKind> {
    let c = cache()?;
    // SAFETY: type checks of a live object.
    unsafe {
        if ffi::PyLong_Check(spec) != 0 {
            let id = ffi::PyLong_AsLong(spec);
            return Ok(match id {
                0 => ElementKind::Prim(Prim::Boolean),
                1 => ElementKind::Prim(Prim::Int),
                2 => ElementKind::Prim(Prim::Long),
                3 => ElementKind::Class(None),
                4 => ElementKind::Class(Some(c.class.string)),
                6 => ElementKind::Prim(Prim::Double),
                7 => ElementKind::Prim(Prim::Short),
                8 => ElementKind::Prim(Prim::Float),
                10 => ElementKind::Prim(Prim::Char),
                11 => ElementKind::Prim(Prim::Byte),
                _ => {
                    return Err(Failure::Core(Error::Conversion(format!(
                        "jarray: unknown type code {id}"
                    ))))
                }
            });
        }
        if ffi::PyUnicode_Check(spec) != 0 {
            let code = gil.borrowed(spec)?.text_lossy();
            return Ok(match code.as_str() {
                "z" => ElementKind::Prim(Prim::Boolean),
                "b" => ElementKind::Prim(Prim::Byte),
                "c" => ElementKind::Prim(Prim::Char),
                "s" => ElementKind::Prim(Prim::Short),
                "i" => ElementKind::Prim(Prim::Int),
                "j" => ElementKind::Prim(Prim::Long),
                "f" => ElementKind::Prim(Prim::Float),
                "d" => ElementKind::Prim(Prim::Double),
                "t" => ElementKind::Class(Some(c.class.string)),
                "o" => ElementKind::Class(None),
                other => {
                    return Err(Failure::Core(Error::Conversion(format!(
                        "jarray: unknown type code {other:?}"
                    ))))
                }
            });
        }
    }
    let class = super::class::java_class_of(gil, env, state, spec)?;
    Ok(ElementKind::Class(Some(class.into_raw())))
}
