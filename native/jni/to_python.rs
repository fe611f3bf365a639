//! Java values to Python objects: `null`, boxed primitives, `Character`,
//! `String` and `BigInteger` become Python values; every other object (arrays,
//! collections, throwables…) becomes a wrapper of the Java object itself.

use jni::sys::jobject;
use pyo3::ffi;

use super::cache::{cache, Cache};
use super::env::{Env, Failure, JResult};
use super::primitive::Prim;
use super::strings;
use crate::core::{tuple, Error, Gil, PyRef};

/// Converts a Java reference (possibly null) to a new Python object.
pub fn to_python<'py>(env: Env<'_>, gil: Gil<'py>, obj: jobject) -> JResult<PyRef<'py>> {
    if obj.is_null() {
        return Ok(gil.none());
    }
    let c = cache()?;
    let k = &c.class;
    // String and the box classes are final: `instanceof` is the exact class.
    if env.is_instance(obj, k.string) {
        return strings::to_python(env, gil, obj);
    }
    let f = &c.field;
    // The `value` field of a box is read directly (no Java call).
    let boxes = [
        (k.integer, Prim::Int, f.integer_value),
        (k.long, Prim::Long, f.long_value),
        (k.double, Prim::Double, f.double_value),
        (k.boolean, Prim::Boolean, f.boolean_value),
        (k.short, Prim::Short, f.short_value),
        (k.byte, Prim::Byte, f.byte_value),
        (k.float, Prim::Float, f.float_value),
        (k.character, Prim::Char, f.character_value),
    ];
    for (class, prim, field) in boxes {
        if env.is_instance(obj, class) {
            // SAFETY: `field` is the `value` field, of kind `prim`, of obj's class.
            let value = unsafe { prim.get_field(env, Some(obj), class, field) }?;
            return Ok(prim.to_python(gil, value)?);
        }
    }
    if env.is_instance(obj, k.big_integer) {
        return super::bigint::to_python(env, gil, c, obj);
    }
    if env.is_instance(obj, k.abstract_nd_array) {
        return crate::jni::numpy::to_python(env, gil, obj); // krait numpy hook
    }
    crate::jni::types::class::wrap_object(gil, env, obj)
}

/// The `getTypeName()` of a class, e.g. `int[]`.
pub fn class_name(env: Env<'_>, c: &Cache, cls: jobject) -> JResult<String> {
    let name = env.call_object(cls, c.method.class_type_name, &[])?;
    match name {
        Some(name) => strings::to_rust(env, name.as_raw(), "a class name"),
        None => Ok("<unknown class>".into()),
    }
}

fn map<'py>(env: Env<'_>, gil: Gil<'py>, c: &Cache, obj: jobject) -> JResult<PyRef<'py>> {
    env.in_frame(|| map_entries(env, gil, c, obj))
}

fn map_entries<'py>(env: Env<'_>, gil: Gil<'py>, c: &Cache, obj: jobject) -> JResult<PyRef<'py>> {
    let m = &c.method;
    let missing = || Failure::Core(Error::Conversion("Map.entrySet returned null".into()));
    let entries = env
        .call_object(obj, m.map_entry_set, &[])?
        .ok_or_else(missing)?;
    let array = env
        .call_object(entries.as_raw(), m.collection_to_array, &[])?
        .ok_or_else(missing)?;
    // SAFETY: we hold the GIL.
    let dict = gil.owned(unsafe { ffi::PyDict_New() })?;
    for index in 0..env.array_length(array.as_raw()) {
        let entry = env
            .array_element(array.as_raw(), index)?
            .ok_or_else(missing)?;
        let key = env.call_object(entry.as_raw(), m.map_entry_key, &[])?;
        let value = env.call_object(entry.as_raw(), m.map_entry_value, &[])?;
        let key = to_python(
            env,
            gil,
            key.as_ref().map_or(std::ptr::null_mut(), |k| k.as_raw()),
        )?;
        let value = to_python(
            env,
            gil,
            value.as_ref().map_or(std::ptr::null_mut(), |v| v.as_raw()),
        )?;
        // SAFETY: dict is a dict; key and value are live; we hold the GIL.
        if unsafe { ffi::PyDict_SetItem(dict.as_ptr(), key.as_ptr(), value.as_ptr()) } != 0 {
            return Err(gil.take_error().into());
        }
    }
    Ok(dict)
}

/// A new list of the given (borrowed) objects.
pub fn list_of<'py>(gil: Gil<'py>, items: &[*mut ffi::PyObject]) -> JResult<PyRef<'py>> {
    let owned = items
        .iter()
        .map(|&item| gil.borrowed(item))
        .collect::<crate::core::Result<Vec<_>>>()?;
    Ok(list_from(gil, owned)?)
}

/// A new list owning `items`.
pub fn list_from<'py>(gil: Gil<'py>, items: Vec<PyRef<'py>>) -> crate::core::Result<PyRef<'py>> {
    // SAFETY: we hold the GIL.
    let list = gil.owned(unsafe { ffi::PyList_New(items.len() as ffi::Py_ssize_t) })?;
    for (index, item) in items.into_iter().enumerate() {
        // SAFETY: the list is new with empty slots; SET_ITEM steals the reference.
        unsafe { ffi::PyList_SET_ITEM(list.as_ptr(), index as ffi::Py_ssize_t, item.into_ptr()) };
    }
    Ok(list)
}

/// Converts a Java `Object[]` of arguments to a Python tuple.
pub fn args_tuple<'py>(env: Env<'_>, gil: Gil<'py>, args: jobject) -> JResult<PyRef<'py>> {
    let mut items = Vec::new();
    if !args.is_null() {
        for index in 0..env.array_length(args) {
            let element = env.array_element(args, index)?;
            items.push(to_python(
                env,
                gil,
                element
                    .as_ref()
                    .map_or(std::ptr::null_mut(), |e| e.as_raw()),
            )?);
        }
    }
    Ok(tuple(gil, items)?)
}

/// How many arguments [`call`] passes from the stack (more go through a tuple).
const STACK_ARGS: usize = 8;

/// Owned references to converted arguments, kept on the stack.
struct StackArgs<'py> {
    items: [*mut ffi::PyObject; STACK_ARGS],
    len: usize,
    _gil: Gil<'py>,
}

impl Drop for StackArgs<'_> {
    fn drop(&mut self) {
        for &item in &self.items[..self.len] {
            // SAFETY: each item is a reference we own; the GIL token is alive.
            unsafe { ffi::Py_DECREF(item) };
        }
    }
}

/// Calls `callable` with the elements of a Java `Object[]` (null: none) as
/// positional arguments: up to [`STACK_ARGS`] of them through vectorcall from
/// the stack (no tuple, no heap allocation), more through a tuple.
pub fn call<'py>(
    env: Env<'_>,
    gil: Gil<'py>,
    callable: &PyRef<'py>,
    args: jobject,
) -> JResult<PyRef<'py>> {
    let len = if args.is_null() {
        0
    } else {
        env.array_length(args)
    };
    if len as usize > STACK_ARGS {
        return Ok(callable.call(&args_tuple(env, gil, args)?, None)?);
    }
    let mut stack = StackArgs {
        items: [std::ptr::null_mut(); STACK_ARGS],
        len: 0,
        _gil: gil,
    };
    for index in 0..len {
        let element = env.array_element(args, index)?;
        let item = to_python(
            env,
            gil,
            element
                .as_ref()
                .map_or(std::ptr::null_mut(), |e| e.as_raw()),
        )?;
        stack.items[stack.len] = item.into_ptr();
        stack.len += 1;
    }
    Ok(callable.call_vector(&stack.items[..stack.len])?)
}

/// Calls `callable` with Java primitives (a kind and its value each; no kind:
/// `null`) as positional arguments, through vectorcall from the stack: the
/// same Python values [`to_python`] makes of their boxes.
pub fn call_primitives<'py>(
    gil: Gil<'py>,
    callable: &PyRef<'py>,
    args: &[(Option<Prim>, jni::sys::jvalue)],
) -> JResult<PyRef<'py>> {
    if args.len() > STACK_ARGS {
        return Err(Failure::Core(Error::Internal(format!(
            "{} primitive arguments, at most {STACK_ARGS} are passed",
            args.len()
        ))));
    }
    let mut stack = StackArgs {
        items: [std::ptr::null_mut(); STACK_ARGS],
        len: 0,
        _gil: gil,
    };
    for &(prim, value) in args {
        let item = match prim {
            Some(prim) => prim.to_python(gil, value)?,
            None => gil.none(),
        };
        stack.items[stack.len] = item.into_ptr();
        stack.len += 1;
    }
    Ok(callable.call_vector(&stack.items[..stack.len])?)
}

/// Converts a Java `Map<String, Object>` of keyword arguments to a dict (None for null).
pub fn kwargs_dict<'py>(
    env: Env<'_>,
    gil: Gil<'py>,
    kwargs: jobject,
) -> JResult<Option<PyRef<'py>>> {
    if kwargs.is_null() {
        return Ok(None);
    }
    let c = cache()?;
    let dict = map(env, gil, c, kwargs)?;
    Ok(Some(dict))
}
