//! The Python class of a Java class, built once per interpreter from
//! reflection: methods and fields as descriptors, constructors as `__new__`,
//! and bases mirroring the Java supertypes (so `isinstance` works). Java
//! throwables get a Python exception class as well. Also wrapping any Java
//! object in the right Python class.

use std::collections::BTreeMap;

use jni::sys::{jobject, jvalue};
use pyo3::ffi;

use super::{array, field, method, object};
use crate::core::{tuple, Error, Gil, PyRef};
use crate::jni::cache::cache;
use crate::jni::env::{jni_call, jobj, Env, Failure, JResult};
use crate::jni::module::State;
use crate::jni::strings;

/// `Class.getName()`.
pub fn class_name(env: Env<'_>, cls: jobject) -> JResult<String> {
    let c = cache()?;
    let name = env
        .call_object(cls, c.method.class_get_name, &[])?
        .ok_or_else(|| Failure::Core(Error::Internal("Class.getName returned null".into())))?;
    strings::to_rust(env, name.as_raw(), "a class name")
}

fn cached<'py>(gil: Gil<'py>, dict: *mut ffi::PyObject, name: &str) -> JResult<Option<PyRef<'py>>> {
    let key = gil.str(name)?;
    // SAFETY: dict is a dict; the result is borrowed.
    let found = unsafe { ffi::PyDict_GetItemWithError(dict, key.as_ptr()) };
    if found.is_null() {
        // SAFETY: checking for a lookup error.
        if !unsafe { ffi::PyErr_Occurred() }.is_null() {
            return Err(gil.take_error().into());
        }
        return Ok(None);
    }
    Ok(Some(gil.borrowed(found)?))
}

fn store(gil: Gil<'_>, dict: *mut ffi::PyObject, name: &str, value: &PyRef<'_>) -> JResult<()> {
    let key = gil.str(name)?;
    // SAFETY: dict is a dict; key and value are live.
    if unsafe { ffi::PyDict_SetItem(dict, key.as_ptr(), value.as_ptr()) } != 0 {
        return Err(gil.take_error().into());
    }
    Ok(())
}

fn is_throwable(env: Env<'_>, cls: jobject) -> JResult<bool> {
    let c = cache()?;
    Ok(env.is_assignable(cls, c.class.throwable))
}

/// The Python class for a Java class: an exception class for throwables,
/// otherwise the `PyJObject` subclass mirroring it.
pub fn python_class<'py>(
    gil: Gil<'py>,
    env: Env<'_>,
    state: &State,
    cls: jobject,
) -> JResult<PyRef<'py>> {
    let name = class_name(env, cls)?;
    if let Some(found) = cached(gil, state.classes, &name)? {
        return Ok(found);
    }
    if !is_throwable(env, cls)? {
        return plain_class(gil, env, state, cls);
    }
    let c = cache()?;
    let object_type = plain_class(gil, env, state, cls)?;
    let superclass = env.call_object(cls, c.method.class_superclass, &[])?;
    let super_exception = match &superclass {
        Some(sup) if is_throwable(env, sup.as_raw())? => {
            python_class(gil, env, state, sup.as_raw())?
        }
        _ => gil.none(),
    };
    let make = state.attr(gil, "_make_exception_class")?;
    let args = tuple(gil, vec![gil.str(&name)?, super_exception, object_type])?;
    let exception_class = make.call(&args, None)?;
    store(gil, state.classes, &name, &exception_class)?;
    Ok(exception_class)
}

/// The `PyJObject` subclass mirroring a Java class (for throwables too).
pub fn plain_class<'py>(
    gil: Gil<'py>,
    env: Env<'_>,
    state: &State,
    cls: jobject,
) -> JResult<PyRef<'py>> {
    env.in_frame(|| build_plain_class(gil, env, state, cls))
}

fn build_plain_class<'py>(
    gil: Gil<'py>,
    env: Env<'_>,
    state: &State,
    cls: jobject,
) -> JResult<PyRef<'py>> {
    let name = class_name(env, cls)?;
    let throwable = is_throwable(env, cls)?;
    let cache_dict = if throwable {
        state.throwable_types
    } else {
        state.classes
    };
    if let Some(found) = cached(gil, cache_dict, &name)? {
        return Ok(found);
    }
    let c = cache()?;
    let described = env
        .call_static_object(
            c.class.krait_reflection,
            c.method.reflection_describe,
            &[jobj(cls)],
        )?
        .ok_or_else(|| {
            Failure::Core(Error::Internal(
                "KraitReflection.describe returned null".into(),
            ))
        })?;
    let part = |index: i32| env.array_element(described.as_raw(), index);
    let (methods, fields, constructors, supertypes) = (part(0)?, part(1)?, part(2)?, part(3)?);
    let functional = part(4)?;
    let mut bases = Vec::new();
    if let Some(supertypes) = &supertypes {
        for index in 0..env.array_length(supertypes.as_raw()) {
            if let Some(sup) = env.array_element(supertypes.as_raw(), index)? {
                bases.push(plain_class(gil, env, state, sup.as_raw())?);
            }
        }
    }
    if name == "java.nio.Buffer" {
        // Direct buffers export their memory through the buffer protocol.
        bases.insert(0, super::nio::buffer_base(gil, state)?);
    }
    if bases.is_empty() {
        bases.push(gil.borrowed(state.object_type.cast())?);
    }
    // SAFETY: a new dict for the class namespace.
    let namespace = gil.owned(unsafe { ffi::PyDict_New() })?;
    if let Some(fields) = &fields {
        for index in 0..env.array_length(fields.as_raw()) {
            if let Some(f) = env.array_element(fields.as_raw(), index)? {
                let descriptor = field::new(gil, env, state, f.as_raw())?;
                let field_name = field_name(env, f.as_raw())?;
                store(gil, namespace.as_ptr(), &field_name, &descriptor)?;
            }
        }
    }
    if let Some(methods) = &methods {
        let count = env.array_length(methods.as_raw());
        let mut by_name: BTreeMap<String, Vec<jobject>> = BTreeMap::new();
        let mut held = Vec::new();
        env.ensure_capacity(2 * count + 64)?;
        for index in 0..count {
            if let Some(m) = env.array_element(methods.as_raw(), index)? {
                let method_name = env
                    .call_object(m.as_raw(), c.method.member_name, &[])?
                    .ok_or_else(|| {
                        Failure::Core(Error::Internal("Method.getName returned null".into()))
                    })?;
                let method_name = strings::to_rust(env, method_name.as_raw(), "a method name")?;
                by_name.entry(method_name).or_default().push(m.as_raw());
                held.push(m);
            }
        }
        for (method_name, overloads) in &by_name {
            let descriptor = method::new(gil, env, state, method_name, cls, overloads, false)?;
            store(gil, namespace.as_ptr(), method_name, &descriptor)?;
        }
    }
    if let Some(constructors) = &constructors {
        let count = env.array_length(constructors.as_raw());
        if count > 0 {
            let mut held = Vec::new();
            for index in 0..count {
                if let Some(ctor) = env.array_element(constructors.as_raw(), index)? {
                    held.push(ctor);
                }
            }
            let raw: Vec<jobject> = held.iter().map(|l| l.as_raw()).collect();
            let ctor = method::new(gil, env, state, &name, cls, &raw, true)?;
            let wrap = state.attr(gil, "_constructor")?;
            store(gil, namespace.as_ptr(), "__new__", &wrap.call1(&ctor)?)?;
        }
    }
    let functional = match functional {
        Some(f) => strings::to_python(env, gil, f.as_raw())?,
        None => gil.none(),
    };
    let make = state.attr(gil, "_make_class")?;
    let bases = tuple(gil, bases)?;
    let args = tuple(gil, vec![gil.str(&name)?, bases, namespace, functional])?;
    let class = make.call(&args, None)?;
    store(gil, cache_dict, &name, &class)?;
    Ok(class)
}

fn field_name(env: Env<'_>, f: jobject) -> JResult<String> {
    let c = cache()?;
    let name = env
        .call_object(f, c.method.member_name, &[])?
        .ok_or_else(|| Failure::Core(Error::Internal("Field.getName returned null".into())))?;
    strings::to_rust(env, name.as_raw(), "a field name")
}

/// Loads a Java class by name through the interpreter's class loader.
pub fn find_class<'env>(
    env: Env<'env>,
    state: &State,
    name: &str,
) -> JResult<crate::jni::env::Local<'env>> {
    let c = cache()?;
    let jname = strings::from_rust(env, name)?;
    env.call_static_object(
        c.class.krait_reflection,
        c.method.reflection_find_class,
        &[
            jobj(jname.as_raw()),
            jvalue {
                l: state.class_loader,
            },
        ],
    )?
    .ok_or_else(|| Failure::Core(Error::Usage(format!("class {name} not found"))))
}

/// The Java `Class` a Python value names: a wrapped `java.lang.Class`, or the
/// Python class of a Java class (anything with `java_name`).
pub fn java_class_of<'env>(
    gil: Gil<'_>,
    env: Env<'env>,
    state: &State,
    value: *mut ffi::PyObject,
) -> JResult<crate::jni::env::Local<'env>> {
    let c = cache()?;
    if let Some(obj) = object::java_ref(state, value) {
        if env.is_instance(obj, c.class.class) {
            return env.non_null(env.new_local(obj), "a class reference");
        }
    }
    let value = gil.borrowed(value)?;
    let name = value.getattr("java_name").map_err(|_| {
        Failure::Core(Error::Conversion(format!(
            "expected a Java class, not a Python {}",
            value.type_name()
        )))
    })?;
    find_class(env, state, &name.str_lossy())
}

/// The `java.lang.Class` object, wrapped as a plain Java object, of the Java
/// class that the Python class `cls` mirrors: what `getName()` and the other
/// methods of `Class` are called on when the Python class itself lacks them.
pub fn class_object<'py>(
    gil: Gil<'py>,
    env: Env<'_>,
    state: &State,
    cls: *mut ffi::PyObject,
) -> JResult<PyRef<'py>> {
    let c = cache()?;
    let class = java_class_of(gil, env, state, cls)?;
    let class_type = plain_class(gil, env, state, c.class.class)?;
    Ok(object::new_instance(gil, env, &class_type, class.as_raw())?)
}

/// Asks Java (`lookup`, a static `long f(Object, long interpreterId)`) for the
/// `PyObject*` a Java object stands for in this interpreter; 0 when none.
fn python_pointer(
    gil: Gil<'_>,
    env: Env<'_>,
    owner: jobject,
    lookup: jni::sys::jmethodID,
    obj: jobject,
) -> JResult<i64> {
    let args = [
        jobj(obj),
        jvalue {
            j: gil.interpreter_id(),
        },
    ];
    let object = jni_call!(
        env,
        v1_2,
        CallStaticLongMethodA,
        owner,
        lookup,
        args.as_ptr()
    );
    env.check()?;
    Ok(object)
}

/// Wraps a Java object that has no value conversion: arrays as `PyJArray`,
/// throwables as their Python exception, others as instances of their class
/// (or what the `setJavaToPythonConverter` function of the nearest class makes of them).
pub fn wrap_object<'py>(gil: Gil<'py>, env: Env<'_>, obj: jobject) -> JResult<PyRef<'py>> {
    let state = crate::jni::module::current(gil)?;
    let c = cache()?;
    let cls = env.class_of(obj)?;
    if env.call_boolean(cls.as_raw(), c.method.class_is_array, &[])? {
        return array::wrap(gil, env, state, obj);
    }
    if env.is_instance(obj, c.class.py_object) {
        let object = python_pointer(
            gil,
            env,
            c.class.py_access,
            c.method.py_access_pointer_of,
            obj,
        )?;
        if object == 0 {
            return Err(Failure::Core(Error::Conversion(
                "this PyObject is closed or belongs to another interpreter".into(),
            )));
        }
        return Ok(gil.borrowed(object as *mut ffi::PyObject)?);
    }
    if env.is_instance(obj, c.class.reflect_proxy) {
        let object = python_pointer(
            gil,
            env,
            c.class.krait_proxy,
            c.method.proxy_python_object,
            obj,
        )?;
        if object != 0 {
            // A proxy of a Python object of this interpreter: that object itself.
            return Ok(gil.borrowed(object as *mut ffi::PyObject)?);
        }
    }
    if env.is_instance(obj, c.class.class)
        && !env.call_boolean(obj, c.method.class_is_array, &[])?
        && !env.call_boolean(obj, c.method.class_is_primitive, &[])?
    {
        // As in Jep, a java.lang.Class is the Python class of the Java class it
        // names; Class's own methods stay reachable through it (`class_object`).
        return plain_class(gil, env, state, obj);
    }
    let converters = state.attr(gil, "_converters")?;
    // SAFETY: converters is a dict.
    let converting = unsafe { ffi::PyDict_Size(converters.as_ptr()) } > 0;
    let class = plain_class(gil, env, state, cls.as_raw())?;
    let wrapper = object::new_instance(gil, env, &class, obj)?;
    if converting {
        let converted = state.attr(gil, "_convert")?.call1(&wrapper)?;
        if converted.as_ptr() != wrapper.as_ptr() {
            return Ok(converted);
        }
    }
    if env.is_instance(obj, c.class.throwable) {
        let exception_class = python_class(gil, env, state, cls.as_raw())?;
        let wrap = state.attr(gil, "_wrap_throwable")?;
        let args = tuple(gil, vec![exception_class, wrapper])?;
        return Ok(wrap.call(&args, None)?);
    }
    Ok(wrapper)
}
