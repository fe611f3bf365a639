//! Python objects to Java values, by default (`Object`) or for a requested
//! class (`getValue(expr, Integer.class)`, `int[].class`, `List.class`, …).
//! Impossible conversions fail with a message naming both types.
//!
//! This module maps the requested class to a [`Target`] and dispatches; its leaves
//! do the work: `default` (target `Object`), `scalar` (primitives), `containers`
//! (with `bulk`), `python` (`PyObject`s and proxies), `wrapped` (values that
//! already are Java) and `jvalue` (arguments of JNI calls).

use jni::sys::jobject;
use pyo3::ffi;

use super::cache::{cache, Cache};
use super::env::{Env, Failure, JResult, Local};
use super::strings;
use super::to_python::class_name;
use crate::core::{Error, PyRef};

pub use super::primitive::Prim;
pub use default::{unboxed, Unboxed};
pub use jvalue::{to_jvalue, Locals, Values};
pub use scalar::{scalar, ScalarError};
pub use wrapped::{java_class_type, java_ref};

mod bulk;
mod containers;
mod default;
mod jvalue;
mod python;
mod scalar;
mod wrapped;

use containers::{dict, object_array, primitive_array, sequence_to_list, set};
use default::{default, exact_builtin, integer, static_box};
use python::{callable_proxy, py_object};
use wrapped::wrapped_java;

/// What a Python value should become (classes are references owned elsewhere).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[allow(missing_docs)]
pub enum Target {
    Object,
    Prim(Prim),
    Boxed(Prim),
    String,
    BigInteger,
    Number,
    List,
    ArrayList,
    Collection,
    Map,
    Set,
    PrimArray(Prim),
    ObjectArray(jobject),
    PyObject,
    PyCallable,
    Other(jobject),
}

/// Converts `value` to a Java reference of class `target` (`null` = `Object`).
/// Python `None` becomes `null` for every reference type.
pub fn to_java<'env>(
    env: Env<'env>,
    value: &PyRef<'_>,
    target: jobject,
) -> JResult<Option<Local<'env>>> {
    let c = cache()?;
    let target_kind = if target.is_null() {
        Target::Object
    } else {
        classify(env, c, target)?
    };
    if let Target::Boxed(Prim::Float | Prim::Double) = target_kind {
        if is_int(value.as_ptr()) {
            // A requested Double.class takes an int (krait's deliberate
            // difference: getValue("7", Double.class) is 7.0); parameters
            // and fields of a boxed floating type do not (as in Jep).
            // SAFETY: float(int) of a live int; we hold the GIL.
            let float = value
                .gil()
                .owned(unsafe { ffi::PyNumber_Float(value.as_ptr()) })?;
            return convert(env, c, &float, target_kind, target);
        }
    }
    convert(env, c, value, target_kind, target)
}

/// The conversion target for a Java class (`int.class`, `List.class`, …).
pub fn classify(env: Env<'_>, c: &Cache, cls: jobject) -> JResult<Target> {
    let k = &c.class;
    if let Some(prim) = Prim::of_class(env, c, cls) {
        return Ok(Target::Prim(prim));
    }
    if let Some(prim) = Prim::of_box_class(env, c, cls) {
        return Ok(Target::Boxed(prim));
    }
    let simple = [
        (k.object, Target::Object),
        (k.string, Target::String),
        (k.big_integer, Target::BigInteger),
        (k.number, Target::Number),
        (k.list, Target::List),
        (k.array_list, Target::ArrayList),
        (k.collection, Target::Collection),
        (k.iterable, Target::Collection),
        (k.map, Target::Map),
        (k.hash_map, Target::Map),
        (k.set, Target::Set),
        (k.hash_set, Target::Set),
        (k.py_object, Target::PyObject),
        (k.py_callable, Target::PyCallable),
    ];
    for (class, target) in simple {
        if env.same(cls, class) {
            return Ok(target);
        }
    }
    if env.call_boolean(cls, c.method.class_is_array, &[])? {
        let component = env
            .call_object(cls, c.method.class_component_type, &[])?
            .ok_or_else(|| conversion("an array class has no component type".into()))?;
        return Ok(match classify(env, c, component.as_raw())? {
            Target::Prim(prim) => Target::PrimArray(prim),
            // The component class stays reachable through the target class.
            _ => Target::ObjectArray(component.into_raw()),
        });
    }
    Ok(Target::Other(cls))
}

fn conversion(text: String) -> Failure {
    Failure::Core(Error::Conversion(text))
}

fn cannot(env: Env<'_>, c: &Cache, value: &PyRef<'_>, target: jobject, why: &str) -> Failure {
    let java = if target.is_null() {
        "a Java object".to_string()
    } else {
        class_name(env, c, target).unwrap_or_else(|_| "the requested class".into())
    };
    let mut text = format!("Cannot convert Python {} to {java}", value.type_name());
    if !why.is_empty() {
        text.push_str(": ");
        text.push_str(why);
    }
    conversion(text)
}

fn convert<'env>(
    env: Env<'env>,
    c: &Cache,
    value: &PyRef<'_>,
    target: Target,
    target_class: jobject,
) -> JResult<Option<Local<'env>>> {
    if target == Target::Object {
        if let Some(java) = exact_builtin(env, c, value)? {
            return Ok(java);
        }
    }
    let (value, target) = crate::jni::numpy::plain(value, target); // krait numpy hook: numpy scalars as numbers
    let value = &value;
    let obj = value.as_ptr();
    // SAFETY: reading Py_None's address.
    let is_none = obj == unsafe { ffi::Py_None() };
    match target {
        // None is null whatever is asked for (as in Jep).
        Target::PyObject | Target::PyCallable if is_none => return Ok(None),
        Target::PyObject => return Ok(Some(py_object(env, c, value)?)),
        Target::PyCallable => {
            // SAFETY: callable check of a live object.
            if unsafe { ffi::PyCallable_Check(obj) } == 0 {
                return Err(cannot(env, c, value, target_class, "it is not callable"));
            }
            return Ok(Some(py_object(env, c, value)?));
        }
        _ => {}
    }
    // SAFETY: reading Py_None's address.
    if obj == unsafe { ffi::Py_None() } {
        if let Target::Prim(_) = target {
            return Err(cannot(
                env,
                c,
                value,
                target_class,
                "None has no primitive value",
            ));
        }
        return Ok(None);
    }
    let fail = |why: &str| cannot(env, c, value, target_class, why);
    let java = match wrapped_java(value)? {
        Some(obj) => Some(env.non_null(env.new_local(obj), "a Java reference")?),
        None => {
            let state = crate::jni::module::current(value.gil())?;
            java_class_type(env, state, obj)?
        }
    };
    if let Some(java) = java {
        let fits = match target {
            Target::Object => true,
            Target::Prim(_) => false,
            _ => !target_class.is_null() && env.is_instance(java.as_raw(), target_class),
        };
        if !fits {
            return Err(fail(""));
        }
        return Ok(Some(java));
    }
    if let Some(array) = crate::jni::numpy::to_java(env, c, value, target)? {
        return Ok(Some(array)); // krait numpy hook: ndarray to NDArray, DirectNDArray, int[]…
    }
    let result = match target {
        Target::Object => default(env, c, value)?,
        Target::Prim(prim) | Target::Boxed(prim) => {
            let strict = matches!(target, Target::Boxed(_));
            let scalar = scalar(value, prim, strict).map_err(|err| {
                let java = class_name(env, c, target_class);
                err.failure(value, &java.unwrap_or_else(|_| prim.name().into()))
            })?;
            let (cls, method) = prim.boxing(c);
            static_box(env, cls, method, scalar)?
        }
        Target::String => {
            // SAFETY: type check on a live object.
            if unsafe { ffi::PyUnicode_Check(obj) } != 0 {
                strings::from_python(env, value)?
            } else if has_java_value(obj) {
                return Err(fail(""));
            } else {
                // As in Jep: any other object (a class, a numpy dtype…) as its str().
                // SAFETY: a live object; we hold the GIL.
                let text = value.gil().owned(unsafe { ffi::PyObject_Str(obj) })?;
                strings::from_python(env, &text)?
            }
        }
        Target::BigInteger => {
            if !is_int(obj) {
                return Err(fail(""));
            }
            integer(env, c, value, true)?
        }
        Target::Number => {
            // SAFETY: type check on a live object.
            if !is_int(obj) && unsafe { ffi::PyFloat_Check(obj) } == 0 {
                return Err(fail(""));
            }
            default(env, c, value)?
        }
        Target::List => {
            if !is_list_or_tuple(obj) {
                return Err(fail("expected a list or tuple"));
            }
            sequence_to_list(env, c, value, false)?
        }
        Target::ArrayList => {
            // SAFETY: type check on a live object.
            if unsafe { ffi::PyList_Check(obj) } == 0 {
                return Err(fail("expected a list"));
            }
            sequence_to_list(env, c, value, false)?
        }
        Target::Collection => {
            // SAFETY: type check on a live object.
            if unsafe { ffi::PyAnySet_Check(obj) } != 0 {
                set(env, c, value)?
            } else if is_list_or_tuple(obj) {
                sequence_to_list(env, c, value, false)?
            } else {
                return Err(fail("expected a list, tuple or set"));
            }
        }
        Target::Map => {
            // SAFETY: type check on a live object.
            if unsafe { ffi::PyDict_Check(obj) } == 0 {
                return Err(fail("expected a dict"));
            }
            dict(env, c, value)?
        }
        Target::Set => {
            // SAFETY: type check on a live object.
            if unsafe { ffi::PyAnySet_Check(obj) } == 0 {
                return Err(fail("expected a set or frozenset"));
            }
            set(env, c, value)?
        }
        Target::PrimArray(prim) => primitive_array(env, c, value, prim, target_class)?,
        Target::ObjectArray(component) => object_array(env, c, value, component, target_class)?,
        Target::PyObject | Target::PyCallable => unreachable!("handled above"),
        Target::Other(cls) => {
            if let Some(proxy) = callable_proxy(env, c, value, cls)? {
                return Ok(Some(proxy));
            }
            let converted = default(env, c, value)?;
            if !env.is_instance(converted.as_raw(), cls) {
                return Err(fail(""));
            }
            converted
        }
    };
    Ok(Some(result))
}

fn is_int(obj: *mut ffi::PyObject) -> bool {
    // SAFETY: type checks on a live object.
    unsafe { ffi::PyLong_Check(obj) != 0 && ffi::PyBool_Check(obj) == 0 }
}

/// Whether a Python value has a Java value of its own (number, bool, sequence,
/// dict, buffer), which a `String` target refuses rather than taking its `str()`.
fn has_java_value(obj: *mut ffi::PyObject) -> bool {
    // SAFETY: type checks on a live object.
    let plain = unsafe {
        ffi::PyLong_Check(obj) != 0
            || ffi::PyFloat_Check(obj) != 0
            || ffi::PyDict_Check(obj) != 0
            || ffi::PyObject_CheckBuffer(obj) != 0
    };
    plain || is_list_or_tuple(obj)
}

fn is_list_or_tuple(obj: *mut ffi::PyObject) -> bool {
    // SAFETY: type checks on a live object.
    unsafe { ffi::PyList_Check(obj) != 0 || ffi::PyTuple_Check(obj) != 0 }
}
