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
    let value = &crate::jni::numpy::plain(value, target); // krait numpy hook: numpy scalars as numbers
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
            if unsafe { ffi::PyUnicode_Check(obj) } == 0 {
                return Err(fail(""));
            }
            strings::from_python(env, value)?
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

/// Converts `value` for a parameter, field or array element of `target`
/// (class `class`): primitives as their `jvalue`, references as a local kept in
/// `locals`.
pub fn to_jvalue<'env>(
    env: Env<'env>,
    c: &Cache,
    value: &PyRef<'_>,
    target: Target,
    class: jobject,
    locals: &mut Vec<Local<'env>>,
) -> JResult<jvalue> {
    let value = &crate::jni::numpy::plain(value, target); // krait numpy hook: numpy scalars as numbers
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

/// Why a Python value is no primitive of the requested kind.
#[derive(Debug)]
pub enum ScalarError {
    /// The value has the wrong type (the text may explain more).
    Mismatch(String),
    /// A number out of the kind's range.
    Overflow(String),
}

impl ScalarError {
    /// The failure to report for `value` and `prim`: a `TypeError` naming both
    /// for a mismatch, an `OverflowError` for a value out of range.
    pub fn failure(self, value: &PyRef<'_>, java: &str) -> Failure {
        let (why, overflow) = match self {
            ScalarError::Mismatch(why) => (why, false),
            ScalarError::Overflow(why) => (why, true),
        };
        let why = if why.is_empty() {
            String::new()
        } else {
            format!(": {why}")
        };
        let text = format!("Cannot convert Python {} to {java}{why}", value.type_name());
        if !overflow {
            return conversion(text);
        }
        Failure::Core(Error::Python(crate::core::PyException {
            type_repr: "<class 'OverflowError'>".into(),
            type_name: "OverflowError".into(),
            text,
            frames: Vec::new(),
            cause: None,
        }))
    }
}

/// A `jep.python.PyObject` (a `PyCallable` for callables) holding a new
/// reference to `value`, owned by the interpreter open on this thread.
fn py_object<'env>(env: Env<'env>, c: &Cache, value: &PyRef<'_>) -> JResult<Local<'env>> {
    let handle = crate::core::open_on_this_thread().ok_or_else(|| {
        conversion(format!(
            "a Python {} can only become a Java PyObject on its interpreter's thread",
            value.type_name()
        ))
    })?;
    // SAFETY: callable check of a live object.
    let callable = unsafe { ffi::PyCallable_Check(value.as_ptr()) } != 0;
    let interpreter = value.gil().interpreter_id();
    let object = value.clone_ref().into_ptr();
    let args = [
        jvalue { j: handle as i64 },
        jvalue { j: interpreter },
        jvalue { j: object as i64 },
        jvalue { z: callable },
    ];
    let wrapped = env.call_static_object(c.class.py_access, c.method.py_access_wrap, &args);
    match wrapped {
        Ok(Some(local)) => Ok(local),
        other => {
            // SAFETY: no PyObject took the reference made above.
            unsafe { ffi::Py_DECREF(object) };
            other?;
            Err(conversion(
                "the interpreter of this thread is not open".into(),
            ))
        }
    }
}

/// A Python callable as a Java proxy of the functional interface `iface` (None
/// when `value` is not callable or `iface` is not a functional interface).
fn callable_proxy<'env>(
    env: Env<'env>,
    c: &Cache,
    value: &PyRef<'_>,
    iface: jobject,
) -> JResult<Option<Local<'env>>> {
    // SAFETY: callable check of a live object.
    let callable = unsafe { ffi::PyCallable_Check(value.as_ptr()) } != 0;
    let interpreter = value.gil().interpreter_id();
    if !callable {
        return Ok(None);
    }
    let interfaces = env.new_object_array(1, c.class.class)?;
    env.set_array_element(interfaces.as_raw(), 0, iface)?;
    let object = value.clone_ref().into_ptr();
    let args = [
        jvalue {
            l: interfaces.as_raw(),
        },
        jvalue { j: interpreter },
        jvalue { j: object as i64 },
        jvalue { z: true },
    ];
    let proxy = env.call_static_object(c.class.krait_proxy, c.method.proxy_create, &args);
    if !matches!(proxy, Ok(Some(_))) {
        // SAFETY: no proxy took the reference we made above.
        unsafe { ffi::Py_DECREF(object) };
    }
    proxy
}

fn is_int(obj: *mut ffi::PyObject) -> bool {
    // SAFETY: type checks on a live object.
    unsafe { ffi::PyLong_Check(obj) != 0 && ffi::PyBool_Check(obj) == 0 }
}

fn is_list_or_tuple(obj: *mut ffi::PyObject) -> bool {
    // SAFETY: type checks on a live object.
    unsafe { ffi::PyList_Check(obj) != 0 || ffi::PyTuple_Check(obj) != 0 }
}

/// The default conversion (target `Object`).
fn default<'env>(env: Env<'env>, c: &Cache, value: &PyRef<'_>) -> JResult<Local<'env>> {
    let obj = value.as_ptr();
    let m = &c.method;
    // SAFETY: type checks and reads of a live object; we hold the GIL.
    unsafe {
        if obj == ffi::Py_True() || obj == ffi::Py_False() {
            return static_box(
                env,
                c.class.boolean,
                m.boolean_value_of,
                jvalue {
                    z: obj == ffi::Py_True(),
                },
            );
        }
        if ffi::PyLong_Check(obj) != 0 {
            return integer(env, c, value, false);
        }
        if ffi::PyFloat_Check(obj) != 0 {
            let d = ffi::PyFloat_AS_DOUBLE(obj);
            return static_box(env, c.class.double, m.double_value_of, jvalue { d });
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
            return static_box(env, c.class.long, c.method.long_value_of, jvalue { j: v });
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

/// A Python value as a primitive `jvalue` of kind `prim`, by Jep's rules: a
/// primitive `boolean` takes any value by its truth; integers take an `int`
/// in range (and a `bool`, unless `boxed`); floating kinds take a `float`
/// (and an `int` or `bool`, unless `boxed`); `char` a one-unit `str`.
pub fn scalar(value: &PyRef<'_>, prim: Prim, boxed: bool) -> Result<jvalue, ScalarError> {
    let obj = value.as_ptr();
    let mismatch = || ScalarError::Mismatch(String::new());
    // SAFETY: type checks on a live object.
    let (is_bool, is_float) =
        unsafe { (ffi::PyBool_Check(obj) != 0, ffi::PyFloat_Check(obj) != 0) };
    let numeric_ok = is_int(obj) || (is_bool && !boxed);
    if let Some((min, max)) = prim.int_range() {
        if !numeric_ok {
            return Err(mismatch());
        }
        let v = match as_i64(value) {
            Some(v) if (min..=max).contains(&v) => v,
            _ => {
                return Err(ScalarError::Overflow(format!(
                    "{} is out of range",
                    value.str_lossy()
                )))
            }
        };
        return Ok(match prim {
            Prim::Byte => jvalue { b: v as i8 },
            Prim::Short => jvalue { s: v as i16 },
            Prim::Int => jvalue { i: v as i32 },
            _ => jvalue { j: v },
        });
    }
    match prim {
        Prim::Boolean if boxed => {
            if !is_bool {
                return Err(mismatch());
            }
            // SAFETY: reading the True singleton's address.
            Ok(jvalue {
                z: obj == unsafe { ffi::Py_True() },
            })
        }
        Prim::Boolean => {
            // SAFETY: a truth test of a live object; the GIL is held.
            let truth = unsafe { ffi::PyObject_IsTrue(obj) };
            if truth < 0 {
                // SAFETY: clearing the error of a failing __bool__.
                unsafe { ffi::PyErr_Clear() };
                return Err(ScalarError::Mismatch("its truth value failed".into()));
            }
            Ok(jvalue { z: truth == 1 })
        }
        Prim::Float | Prim::Double => {
            // A boxed Float/Double takes only a Python float (as in Jep).
            if !is_float && (boxed || !numeric_ok) {
                return Err(mismatch());
            }
            // SAFETY: a float or int; errors (overflow) are cleared.
            let d = unsafe { ffi::PyFloat_AsDouble(obj) };
            // SAFETY: we hold the GIL.
            if d == -1.0 && !unsafe { ffi::PyErr_Occurred() }.is_null() {
                // SAFETY: we hold the GIL.
                unsafe { ffi::PyErr_Clear() };
                return Err(ScalarError::Overflow(format!(
                    "{} is out of range",
                    value.str_lossy()
                )));
            }
            Ok(if prim == Prim::Float {
                jvalue { f: d as f32 }
            } else {
                jvalue { d }
            })
        }
        _ => {
            // SAFETY: type check on a live object.
            if unsafe { ffi::PyUnicode_Check(obj) } == 0 {
                return Err(mismatch());
            }
            // SAFETY: obj is a str.
            let len = unsafe { ffi::PyUnicode_GetLength(obj) };
            // SAFETY: index 0 exists when len == 1.
            let point = if len == 1 {
                unsafe { ffi::PyUnicode_ReadChar(obj, 0) }
            } else {
                u32::MAX
            };
            if point > 0xFFFF {
                return Err(ScalarError::Mismatch(
                    "expected a str of one UTF-16 code unit".into(),
                ));
            }
            Ok(jvalue { c: point as u16 })
        }
    }
}

/// The contiguous native-order bytes of a buffer-exporting object (strided
/// views are gathered).
fn buffer_bytes(value: &PyRef<'_>) -> JResult<Vec<u8>> {
    let gil = value.gil();
    // SAFETY: an all-zero Py_buffer is valid for GetBuffer to fill; the view is
    // released before returning; we hold the GIL.
    unsafe {
        let mut view: ffi::Py_buffer = std::mem::zeroed();
        if ffi::PyObject_GetBuffer(value.as_ptr(), &mut view, ffi::PyBUF_RECORDS_RO) != 0 {
            return Err(gil.take_error().into());
        }
        let mut bytes = vec![0u8; view.len.max(0) as usize];
        let copied =
            ffi::PyBuffer_ToContiguous(bytes.as_mut_ptr().cast(), &view, view.len, b'C' as _);
        ffi::PyBuffer_Release(&mut view);
        if copied != 0 {
            return Err(gil.take_error().into());
        }
        Ok(bytes)
    }
}

fn primitive_array<'env>(
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
fn sequence_items<'py>(value: &PyRef<'py>) -> JResult<Vec<PyRef<'py>>> {
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

fn object_array<'env>(
    env: Env<'env>,
    c: &Cache,
    value: &PyRef<'_>,
    component: jobject,
    target_class: jobject,
) -> JResult<Local<'env>> {
    let _entered = super::nesting::enter(value.as_ptr())?;
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

fn sequence_to_list<'env>(
    env: Env<'env>,
    c: &Cache,
    value: &PyRef<'_>,
    unmodifiable: bool,
) -> JResult<Local<'env>> {
    let _entered = super::nesting::enter(value.as_ptr())?;
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

fn set<'env>(env: Env<'env>, c: &Cache, value: &PyRef<'_>) -> JResult<Local<'env>> {
    let _entered = super::nesting::enter(value.as_ptr())?;
    let gil = value.gil();
    // SAFETY: a set is iterable; PySequence_List makes a new list of its items.
    let list = gil.owned(unsafe { ffi::PySequence_List(value.as_ptr()) })?;
    let items = sequence_items(&list)?;
    collection_of(env, c, c.class.hash_set, c.method.hash_set_new, &items)
}

/// A new Java collection (`new cls(int capacity)`) holding the converted `items`.
fn collection_of<'env>(
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

fn dict<'env>(env: Env<'env>, c: &Cache, value: &PyRef<'_>) -> JResult<Local<'env>> {
    let _entered = super::nesting::enter(value.as_ptr())?;
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

fn default_or_null<'env>(
    env: Env<'env>,
    c: &Cache,
    value: &PyRef<'_>,
) -> JResult<Option<Local<'env>>> {
    convert(env, c, value, Target::Object, std::ptr::null_mut())
}

fn raw(local: &Option<Local<'_>>) -> jobject {
    local.as_ref().map_or(std::ptr::null_mut(), Local::as_raw)
}
