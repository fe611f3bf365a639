//! Python objects to Java values, by default (`Object`) or for a requested
//! class (`getValue(expr, Integer.class)`, `int[].class`, `List.class`, …).
//! Impossible conversions fail with a message naming both types.

use jni::sys::{jobject, jvalue};
use pyo3::ffi;

use super::cache::{cache, Cache};
use super::env::{jobj, Env, Failure, JResult, Local};
use super::strings;
use super::to_python::class_name;
use crate::core::{Error, PyRef};
use crate::jni::module::State;
use crate::jni::types::{array, object};

pub use super::primitive::Prim;
pub use scalar::{scalar, ScalarError};

mod bulk;
mod containers;
mod python;
mod scalar;

use containers::{dict, object_array, primitive_array, sequence_to_list, set};
use python::{callable_proxy, py_object};

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

/// The default conversion of `None`, `bool` and exact `int`, `float` and
/// `str` values, which are never Java wrappers nor numpy objects: the
/// result `convert` reaches for them after its general checks, without them.
fn exact_builtin<'env>(
    env: Env<'env>,
    c: &Cache,
    value: &PyRef<'_>,
) -> JResult<Option<Option<Local<'env>>>> {
    match unboxed(value) {
        Some(Unboxed::Null) => return Ok(Some(None)),
        Some(Unboxed::Value(prim, v)) => {
            return boxed(env, c, prim, v).map(|java| Some(Some(java)))
        }
        None => {}
    }
    let obj = value.as_ptr();
    // SAFETY: exact type checks of a live object.
    let exact = unsafe {
        ffi::PyLong_CheckExact(obj) != 0
            || ffi::PyFloat_CheckExact(obj) != 0
            || ffi::PyUnicode_CheckExact(obj) != 0
    };
    if !exact {
        return Ok(None);
    }
    default(env, c, value).map(|java| Some(Some(java)))
}

/// The default conversion of a value that becomes `null` or a boxed primitive
/// without a Java call (as [`to_java`] with target `Object` converts it).
#[derive(Clone, Copy)]
pub enum Unboxed {
    /// `None`: `null`.
    Null,
    /// `bool` (`Boolean`), an exact `int` that fits a `long` (`Long`), or an
    /// exact `float` (`Double`).
    Value(Prim, jvalue),
}

/// [`Unboxed`] for `None`, `bool` and an exact `int` (in the range of a `long`)
/// or `float`; `None` for every other value.
pub fn unboxed(value: &PyRef<'_>) -> Option<Unboxed> {
    let obj = value.as_ptr();
    // SAFETY: identity and exact type checks and reads of a live object; we hold the GIL.
    unsafe {
        if obj == ffi::Py_None() {
            return Some(Unboxed::Null);
        }
        if ffi::PyBool_Check(obj) != 0 {
            let z = obj == ffi::Py_True();
            return Some(Unboxed::Value(Prim::Boolean, jvalue { z }));
        }
        if ffi::PyLong_CheckExact(obj) != 0 {
            let j = as_i64(value)?;
            return Some(Unboxed::Value(Prim::Long, jvalue { j }));
        }
        if ffi::PyFloat_CheckExact(obj) != 0 {
            let d = ffi::PyFloat_AS_DOUBLE(obj);
            return Some(Unboxed::Value(Prim::Double, jvalue { d }));
        }
    }
    None
}

/// The box [`Unboxed::Value`] stands for (`Boolean`, `Long` or `Double`).
pub fn boxed<'env>(env: Env<'env>, c: &Cache, prim: Prim, value: jvalue) -> JResult<Local<'env>> {
    // SAFETY: `unboxed` makes values of exactly these kinds.
    unsafe {
        match prim {
            Prim::Boolean => crate::jni::boxes::boolean(env, c, value.z),
            Prim::Double => crate::jni::boxes::double(env, c, value.d),
            _ => crate::jni::boxes::long(env, c, value.j),
        }
    }
}

/// The Java object behind a Python value, if it wraps one: a `PyJObject`, a
/// `PyJArray`, or a Python exception mirroring a Java throwable.
pub fn java_ref(state: &State, value: *mut ffi::PyObject) -> Option<jobject> {
    if let Some(obj) = object::java_ref(state, value).or_else(|| array::java_ref(state, value)) {
        return Some(obj);
    }
    // SAFETY: type check of a live object.
    if unsafe { ffi::PyExceptionInstance_Check(value) } == 0 {
        return None;
    }
    // SAFETY: attribute lookup on a live exception; a missing one is cleared.
    unsafe {
        let inner = ffi::PyObject_GetAttrString(value, c"java_exception".as_ptr());
        if inner.is_null() {
            ffi::PyErr_Clear();
            return None;
        }
        let found = object::java_ref(state, inner);
        ffi::Py_DECREF(inner);
        found
    }
}

/// `java_ref` for values that may wrap Java (only instances of heap types can).
fn wrapped_java(value: &PyRef<'_>) -> JResult<Option<jobject>> {
    // SAFETY: reading the type flags of a live object.
    let heap =
        unsafe { ffi::PyType_HasFeature(ffi::Py_TYPE(value.as_ptr()), ffi::Py_TPFLAGS_HEAPTYPE) }
            != 0;
    if !heap {
        return Ok(None);
    }
    let state = crate::jni::module::current(value.gil())?;
    Ok(java_ref(state, value.as_ptr()))
}

/// The `java.lang.Class` of `value` when it is the Python class of a Java
/// class (a `PyJObject` subclass or a Java exception class with `java_name`).
pub fn java_class_type<'env>(
    env: Env<'env>,
    state: &State,
    value: *mut ffi::PyObject,
) -> JResult<Option<Local<'env>>> {
    // SAFETY: type checks of a live object; the caller holds the GIL.
    let is_java_type = unsafe {
        ffi::PyType_Check(value) != 0
            && (ffi::PyType_IsSubtype(value.cast(), state.object_type) != 0
                || ffi::PyType_IsSubtype(value.cast(), ffi::PyExc_BaseException.cast()) != 0)
    };
    if !is_java_type {
        return Ok(None);
    }
    // SAFETY: attribute lookup on a live type; a missing attribute is cleared.
    let name = unsafe { ffi::PyObject_GetAttrString(value, c"java_name".as_ptr()) };
    if name.is_null() {
        // SAFETY: clearing the AttributeError with the GIL held.
        unsafe { ffi::PyErr_Clear() };
        return Ok(None);
    }
    // SAFETY: `name` is a new reference we own; the GIL is held.
    let gil = unsafe { crate::core::Gil::assume() };
    let name = gil.owned(name)?;
    // SAFETY: type check of a live object.
    if unsafe { ffi::PyUnicode_Check(name.as_ptr()) } == 0 {
        return Ok(None);
    }
    let class = crate::jni::types::class::find_class(env, state, &name.text_lossy())?;
    Ok(Some(class))
}

/// How many converted arguments [`Values`] and [`Locals`] hold without
/// allocating (most calls have fewer).
const ARGS_INLINE: usize = 4;

/// Converted arguments of a Java call, in order.
pub type Values = smallvec::SmallVec<[jvalue; ARGS_INLINE]>;

/// The local references keeping converted arguments alive until the call.
pub type Locals<'env> = smallvec::SmallVec<[Local<'env>; ARGS_INLINE]>;

/// Converts `value` for a parameter, field or array element of `target`
/// (class `class`): primitives as their `jvalue`, references as a local kept in
/// `locals`.
pub fn to_jvalue<'env>(
    env: Env<'env>,
    c: &Cache,
    value: &PyRef<'_>,
    target: Target,
    class: jobject,
    locals: &mut Locals<'env>,
) -> JResult<jvalue> {
    let (value, target) = crate::jni::numpy::plain(value, target); // krait numpy hook: numpy scalars as numbers
    let value = &value;
    if let Target::Prim(prim) = target {
        return match wrapped_java(value)? {
            None => scalar(value, prim, false).map_err(|err| err.failure(value, prim.name())),
            Some(obj) => unbox(env, c, value, obj, prim),
        };
    }
    match convert(env, c, value, target, class)? {
        Some(local) => {
            let raw = local.as_raw();
            locals.push(local);
            Ok(jvalue { l: raw })
        }
        None => Ok(jvalue {
            l: std::ptr::null_mut(),
        }),
    }
}

/// A Java box object (`Integer`, …) of a Python wrapper as a primitive of `prim`.
fn unbox(env: Env<'_>, c: &Cache, value: &PyRef<'_>, obj: jobject, prim: Prim) -> JResult<jvalue> {
    let (box_class, _) = prim.boxing(c);
    if !env.is_instance(obj, box_class) {
        return Err(conversion(format!(
            "Cannot convert Java {} to {}",
            value.type_name(),
            prim.name()
        )));
    }
    let plain = crate::jni::to_python::to_python(env, value.gil(), obj)?;
    scalar(&plain, prim, false).map_err(|err| err.failure(&plain, prim.name()))
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

/// The default conversion (target `Object`).
fn default<'env>(env: Env<'env>, c: &Cache, value: &PyRef<'_>) -> JResult<Local<'env>> {
    let obj = value.as_ptr();
    // SAFETY: type checks and reads of a live object; we hold the GIL.
    unsafe {
        if obj == ffi::Py_True() || obj == ffi::Py_False() {
            return crate::jni::boxes::boolean(env, c, obj == ffi::Py_True());
        }
        if ffi::PyLong_Check(obj) != 0 {
            return integer(env, c, value, false);
        }
        if ffi::PyFloat_Check(obj) != 0 {
            let d = ffi::PyFloat_AS_DOUBLE(obj);
            return crate::jni::boxes::double(env, c, d);
        }
        if ffi::PyUnicode_Check(obj) != 0 {
            return strings::from_python(env, value);
        }
        if ffi::PyBytes_Check(obj) != 0 || ffi::PyByteArray_Check(obj) != 0 {
            return primitive_array(env, c, value, Prim::Byte, c.class.byte_array);
        }
        if ffi::PyList_Check(obj) != 0 {
            return sequence_to_list(env, c, value, false);
        }
        if ffi::PyTuple_Check(obj) != 0 {
            return sequence_to_list(env, c, value, true);
        }
        if ffi::PyDict_Check(obj) != 0 {
            return dict(env, c, value);
        }
        if ffi::PyAnySet_Check(obj) != 0 {
            return set(env, c, value);
        }
        if ffi::PyObject_CheckBuffer(obj) != 0 {
            if let Some(prim) = crate::jni::overload::classify::buffer_kind(obj) {
                return primitive_array(env, c, value, prim, prim.array_class(c));
            }
        }
    }
    py_object(env, c, value)
}

fn static_box<'env>(
    env: Env<'env>,
    cls: jobject,
    method: jni::sys::jmethodID,
    arg: jvalue,
) -> JResult<Local<'env>> {
    env.call_static_object(cls, method, &[arg])?
        .ok_or_else(|| conversion("boxing returned null".into()))
}

/// A Python int as `Long`, or `BigInteger` when it does not fit (or when
/// asked). Big values cross as two's-complement bytes, never decimal text.
fn integer<'env>(env: Env<'env>, c: &Cache, value: &PyRef<'_>, big: bool) -> JResult<Local<'env>> {
    if !big {
        if let Some(v) = as_i64(value) {
            return crate::jni::boxes::long(env, c, v);
        }
    }
    let bytes = crate::jni::bigint::to_be_bytes(value)?;
    let array = Prim::Byte.array_from_bytes(env, &bytes)?;
    env.new_object(
        c.class.big_integer,
        c.method.big_integer_new,
        &[jobj(array.as_raw())],
    )
}

/// The value of a Python int if it fits in an i64.
fn as_i64(value: &PyRef<'_>) -> Option<i64> {
    let mut overflow = 0;
    // SAFETY: value is a live int; errors are cleared.
    let v = unsafe { ffi::PyLong_AsLongLongAndOverflow(value.as_ptr(), &mut overflow) };
    // SAFETY: we hold the GIL.
    if v == -1 && !unsafe { ffi::PyErr_Occurred() }.is_null() {
        // SAFETY: we hold the GIL.
        unsafe { ffi::PyErr_Clear() };
        return None;
    }
    (overflow == 0).then_some(v)
}
