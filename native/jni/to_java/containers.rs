//! Python containers to Java: buffers and sequences to primitive arrays,
//! sequences to object arrays and lists, sets, dicts — each container entered
//! through the depth and cycle checks of `nesting`.

use jni::sys::{jobject, jvalue};
use pyo3::ffi;

use super::{
    cannot, classify, conversion, convert, is_list_or_tuple, scalar, Prim, ScalarError, Target,
};
use crate::core::{Error, PyRef};
use crate::jni::cache::Cache;
use crate::jni::env::{jobj, Env, Failure, JResult, Local};

/// The contiguous native-order bytes of a buffer-exporting object (strided
/// views are gathered).
pub(super) fn buffer_bytes(value: &PyRef<'_>) -> JResult<Vec<u8>> {
    let gil = value.gil();
    // SAFETY: an all-zero Py_buffer is valid for GetBuffer to fill; the view is
    // released before returning; we hold the GIL.
    unsafe {
        let mut view: ffi::Py_buffer = std::mem::zeroed();
        if ffi::PyObject_GetBuffer(value.as_ptr(), &mut view, ffi::PyBUF_RECORDS_RO) != 0 {
            return Err(gil.take_error().into());
        }
        let mut bytes = vec![0u8; view.len.max(0) as usize];
        let copied = ffi::PyBuffer_ToContiguous(
            bytes.as_mut_ptr().cast(),
            &raw mut view,
            view.len,
            b'C' as _,
        );
        ffi::PyBuffer_Release(&mut view);
        if copied != 0 {
            return Err(gil.take_error().into());
        }
        Ok(bytes)
    }
}

pub(super) fn primitive_array<'env>(
    env: Env<'env>,
    c: &Cache,
    value: &PyRef<'_>,
    prim: Prim,
    target_class: jobject,
) -> JResult<Local<'env>> {
    let obj = value.as_ptr();
    match crate::jni::overload::classify::kind(obj) {
        crate::jni::overload::Arg::Bytes if prim == Prim::Byte => {
            return prim.array_from_bytes(env, &buffer_bytes(value)?);
        }
        crate::jni::overload::Arg::Buffer(kind) => {
            if kind != Some(prim) {
                return Err(cannot(
                    env,
                    c,
                    value,
                    target_class,
                    "its buffer holds items of another type",
                ));
            }
            return prim.array_from_bytes(env, &buffer_bytes(value)?);
        }
        _ => {}
    }
    if !is_list_or_tuple(obj) {
        return Err(cannot(
            env,
            c,
            value,
            target_class,
            "expected a list, tuple or buffer of the same item type",
        ));
    }
    let items = sequence_items(value)?;
    let mut bytes = Vec::with_capacity(items.len() * prim.size());
    for (index, item) in items.iter().enumerate() {
        let v = scalar(item, prim, false).map_err(|err| {
            let why = match err {
                ScalarError::Mismatch(why) | ScalarError::Overflow(why) if !why.is_empty() => {
                    format!(" ({why})")
                }
                _ => String::new(),
            };
            cannot(
                env,
                c,
                value,
                target_class,
                &format!("element {index} is a Python {}{why}", item.type_name()),
            )
        })?;
        prim.push_bytes(v, &mut bytes);
    }
    prim.array_from_bytes(env, &bytes)
}

/// The items of a sequence as owned references.
pub(super) fn sequence_items<'py>(value: &PyRef<'py>) -> JResult<Vec<PyRef<'py>>> {
    let gil = value.gil();
    // SAFETY: PySequence_Fast returns a list or tuple (new reference); we hold the GIL.
    let fast = gil
        .owned(unsafe { ffi::PySequence_Fast(value.as_ptr(), c"expected a sequence".as_ptr()) })?;
    // SAFETY: fast is a list or tuple.
    let len = unsafe { ffi::PySequence_Fast_GET_SIZE(fast.as_ptr()) };
    let mut items = Vec::with_capacity(len as usize);
    for index in 0..len {
        // SAFETY: index < len; the item is borrowed from `fast`.
        items.push(gil.borrowed(unsafe { ffi::PySequence_Fast_GET_ITEM(fast.as_ptr(), index) })?);
    }
    Ok(items)
}

pub(super) fn object_array<'env>(
    env: Env<'env>,
    c: &Cache,
    value: &PyRef<'_>,
    component: jobject,
    target_class: jobject,
) -> JResult<Local<'env>> {
    let _entered = crate::jni::nesting::enter(value.as_ptr())?;
    if !is_list_or_tuple(value.as_ptr()) {
        return Err(cannot(
            env,
            c,
            value,
            target_class,
            "expected a list or tuple",
        ));
    }
    let items = sequence_items(value)?;
    let array = env.new_object_array(items.len(), component)?;
    let kind = classify(env, c, component)?;
    for (index, item) in items.iter().enumerate() {
        env.in_frame(|| {
            let element = convert(env, c, item, kind, component).map_err(|err| match err {
                Failure::Core(Error::Conversion(text)) => {
                    conversion(format!("{text} (element {index} of the array)"))
                }
                other => other,
            })?;
            env.set_array_element(
                array.as_raw(),
                index,
                element
                    .as_ref()
                    .map_or(std::ptr::null_mut(), |e| e.as_raw()),
            )
        })?;
    }
    Ok(array)
}

pub(super) fn sequence_to_list<'env>(
    env: Env<'env>,
    c: &Cache,
    value: &PyRef<'_>,
    unmodifiable: bool,
) -> JResult<Local<'env>> {
    let _entered = crate::jni::nesting::enter(value.as_ptr())?;
    if let Some(list) = super::bulk::homogeneous_list(env, c, value, unmodifiable)? {
        return Ok(list);
    }
    let items = sequence_items(value)?;
    let list = collection_of(env, c, c.class.array_list, c.method.array_list_new, &items)?;
    if !unmodifiable {
        return Ok(list);
    }
    env.call_static_object(
        c.class.collections,
        c.method.unmodifiable_list,
        &[jobj(list.as_raw())],
    )?
    .ok_or_else(|| conversion("Collections.unmodifiableList returned null".into()))
}

pub(super) fn set<'env>(env: Env<'env>, c: &Cache, value: &PyRef<'_>) -> JResult<Local<'env>> {
    let _entered = crate::jni::nesting::enter(value.as_ptr())?;
    let gil = value.gil();
    // SAFETY: a set is iterable; PySequence_List makes a new list of its items.
    let list = gil.owned(unsafe { ffi::PySequence_List(value.as_ptr()) })?;
    let items = sequence_items(&list)?;
    collection_of(env, c, c.class.hash_set, c.method.hash_set_new, &items)
}

/// A new Java collection (`new cls(int capacity)`) holding the converted `items`.
pub(super) fn collection_of<'env>(
    env: Env<'env>,
    c: &Cache,
    cls: jobject,
    ctor: jni::sys::jmethodID,
    items: &[PyRef<'_>],
) -> JResult<Local<'env>> {
    env.in_frame_keep(|| {
        let collection = env.new_object(
            cls,
            ctor,
            &[jvalue {
                i: items.len() as i32,
            }],
        )?;
        for item in items {
            let element = default_or_null(env, c, item)?;
            env.call_boolean(
                collection.as_raw(),
                c.method.collection_add,
                &[jobj(raw(&element))],
            )?;
        }
        Ok(collection)
    })
}

pub(super) fn dict<'env>(env: Env<'env>, c: &Cache, value: &PyRef<'_>) -> JResult<Local<'env>> {
    let _entered = crate::jni::nesting::enter(value.as_ptr())?;
    let gil = value.gil();
    // SAFETY: value is a dict; PyDict_Items returns a new list of pairs.
    let items = gil.owned(unsafe { ffi::PyDict_Items(value.as_ptr()) })?;
    let pairs = sequence_items(&items)?;
    env.in_frame_keep(|| {
        let map = env.new_object(
            c.class.hash_map,
            c.method.hash_map_new,
            &[jvalue {
                i: pairs.len() as i32,
            }],
        )?;
        for pair in &pairs {
            // SAFETY: each pair is a 2-tuple; items are borrowed.
            let (k, v) = unsafe {
                (
                    gil.borrowed(ffi::PyTuple_GET_ITEM(pair.as_ptr(), 0))?,
                    gil.borrowed(ffi::PyTuple_GET_ITEM(pair.as_ptr(), 1))?,
                )
            };
            let key = default_or_null(env, c, &k)?;
            let val = default_or_null(env, c, &v)?;
            env.call_object(
                map.as_raw(),
                c.method.map_put,
                &[jobj(raw(&key)), jobj(raw(&val))],
            )?;
        }
        Ok(map)
    })
}

pub(super) fn default_or_null<'env>(
    env: Env<'env>,
    c: &Cache,
    value: &PyRef<'_>,
) -> JResult<Option<Local<'env>>> {
    convert(env, c, value, Target::Object, std::ptr::null_mut())
}

pub(super) fn raw(local: &Option<Local<'_>>) -> jobject {
    local.as_ref().map_or(std::ptr::null_mut(), Local::as_raw)
}
