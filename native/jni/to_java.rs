//! Python objects to Java values, by default (`Object`) or for a requested
//! class (`getValue(expr, Integer.class)`, `int[].class`, `List.class`, …).
//! Impossible conversions fail with a message naming both types.

use jni::sys::{jobject, jvalue};
use pyo3::ffi;

use super::cache::{cache, Cache};
use super::env::{jni_call, jobj, too_large, Env, Failure, JResult, Local};
use super::strings;
use super::to_python::class_name;
use crate::core::{Error, PyRef};
use crate::jni::module::State;
use crate::jni::types::{array, object};

/// A Java primitive type.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[allow(missing_docs)]
pub enum Prim {
    Boolean,
    Byte,
    Char,
    Short,
    Int,
    Long,
    Float,
    Double,
}

/// What a Python value should become (classes are references owned elsewhere).
#[derive(Clone, Copy)]
#[allow(missing_docs)]
pub enum Target {
    Object,
    Prim(Prim),
    Boxed(Prim),
    String,
    BigInteger,
    Number,
    List,
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
    convert(env, c, value, target_kind, target)
}

/// The conversion target for a Java class (`int.class`, `List.class`, …).
pub fn classify(env: Env<'_>, c: &Cache, cls: jobject) -> JResult<Target> {
    let k = &c.class;
    let prims = [
        (k.prim_boolean, k.boolean, Prim::Boolean),
        (k.prim_byte, k.byte, Prim::Byte),
        (k.prim_char, k.character, Prim::Char),
        (k.prim_short, k.short, Prim::Short),
        (k.prim_int, k.integer, Prim::Int),
        (k.prim_long, k.long, Prim::Long),
        (k.prim_float, k.float, Prim::Float),
        (k.prim_double, k.double, Prim::Double),
    ];
    for (prim_class, boxed_class, prim) in prims {
        if env.same(cls, prim_class) {
            return Ok(Target::Prim(prim));
        }
        if env.same(cls, boxed_class) {
            return Ok(Target::Boxed(prim));
        }
    }
    let simple = [
        (k.object, Target::Object),
        (k.string, Target::String),
        (k.big_integer, Target::BigInteger),
        (k.number, Target::Number),
        (k.list, Target::List),
        (k.array_list, Target::List),
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
    if let Some(obj) = wrapped_java(value)? {
        let fits = match target {
            Target::Object => true,
            Target::Prim(_) => false,
            _ => !target_class.is_null() && env.is_instance(obj, target_class),
        };
        if !fits {
            return Err(fail(""));
        }
        return Ok(Some(env.non_null(env.new_local(obj), "a Java reference")?));
    }
    if let Some(array) = crate::jni::numpy::to_java(env, c, value, target)? {
        return Ok(Some(array)); // krait numpy hook: ndarray to NDArray, DirectNDArray, int[]…
    }
    let result = match target {
        Target::Object => default(env, c, value)?,
        Target::Prim(prim) | Target::Boxed(prim) => {
            boxed(env, c, value, prim).map_err(|why| fail(&why))?
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
    let (value, target) = crate::jni::numpy::plain(value, target); // krait numpy hook: numpy scalars as numbers
    let value = &value;
    if let Target::Prim(prim) = target {
        if wrapped_java(value)?.is_none() {
            return scalar(value, prim).map_err(|why| {
                let java = format!("{prim:?}").to_lowercase();
                let why = if why.is_empty() {
                    String::new()
                } else {
                    format!(": {why}")
                };
                conversion(format!(
                    "Cannot convert Python {} to {java}{why}",
                    value.type_name()
                ))
            });
        }
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
        if ffi::PyMemoryView_Check(obj) != 0 {
            if let Some(prim) = memoryview_prim(value) {
                let array_class = prim_array_class(c, prim);
                return primitive_array(env, c, value, prim, array_class);
            }
        }
    }
    py_object(env, c, value)
}

fn prim_array_class(c: &Cache, prim: Prim) -> jobject {
    let k = &c.class;
    match prim {
        Prim::Boolean => k.boolean_array,
        Prim::Byte => k.byte_array,
        Prim::Char => k.char_array,
        Prim::Short => k.short_array,
        Prim::Int => k.int_array,
        Prim::Long => k.long_array,
        Prim::Float => k.float_array,
        Prim::Double => k.double_array,
    }
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

/// A Python int as `Long`, or `BigInteger` when it does not fit (or when asked).
fn integer<'env>(env: Env<'env>, c: &Cache, value: &PyRef<'_>, big: bool) -> JResult<Local<'env>> {
    if !big {
        if let Some(v) = as_i64(value) {
            return static_box(env, c.class.long, c.method.long_value_of, jvalue { j: v });
        }
    }
    let text = value.str_lossy();
    let text = strings::from_rust(env, &text)?;
    env.new_object(
        c.class.big_integer,
        c.method.big_integer_new,
        &[jobj(text.as_raw())],
    )
}

/// The value of a Python int if it fits in an i64.
fn as_i64(value: &PyRef<'_>) -> Option<i64> {
    let mut overflow = 0;
    // SAFETY: value is a live int; errors are cleared.
    let v = unsafe { ffi::PyLong_AsLongLongAndOverflow(value.as_ptr(), &mut overflow) };
    // SAFETY: we hold the GIL.
    if v == -1 && !unsafe { ffi::PyErr_Occurred() }.is_null() {
        unsafe { ffi::PyErr_Clear() };
        return None;
    }
    (overflow == 0).then_some(v)
}

/// A primitive-compatible Python value as its boxed Java object. The error is the reason.
fn boxed<'env>(
    env: Env<'env>,
    c: &Cache,
    value: &PyRef<'_>,
    prim: Prim,
) -> Result<Local<'env>, String> {
    let scalar = scalar(value, prim)?;
    let (cls, method) = {
        let k = &c.class;
        let m = &c.method;
        match prim {
            Prim::Boolean => (k.boolean, m.boolean_value_of),
            Prim::Byte => (k.byte, m.byte_value_of),
            Prim::Char => (k.character, m.character_value_of),
            Prim::Short => (k.short, m.short_value_of),
            Prim::Int => (k.integer, m.integer_value_of),
            Prim::Long => (k.long, m.long_value_of),
            Prim::Float => (k.float, m.float_value_of),
            Prim::Double => (k.double, m.double_value_of),
        }
    };
    static_box(env, cls, method, scalar).map_err(|_| "boxing failed".to_string())
}

/// A Python value as a primitive `jvalue` of kind `prim`. The error is the reason.
pub fn scalar(value: &PyRef<'_>, prim: Prim) -> Result<jvalue, String> {
    let obj = value.as_ptr();
    let int_in = |min: i64, max: i64| -> Result<i64, String> {
        if !is_int(obj) {
            return Err(String::new());
        }
        match as_i64(value) {
            Some(v) if (min..=max).contains(&v) => Ok(v),
            _ => Err(format!("{} is out of range", value.str_lossy())),
        }
    };
    let float = || -> Result<f64, String> {
        // SAFETY: type checks on a live object.
        if unsafe { ffi::PyFloat_Check(obj) } == 0 && !is_int(obj) {
            return Err(String::new());
        }
        // SAFETY: a float or int; errors (overflow) are cleared.
        let d = unsafe { ffi::PyFloat_AsDouble(obj) };
        if d == -1.0 && !unsafe { ffi::PyErr_Occurred() }.is_null() {
            unsafe { ffi::PyErr_Clear() };
            return Err(format!("{} is out of range", value.str_lossy()));
        }
        Ok(d)
    };
    Ok(match prim {
        Prim::Boolean => {
            // SAFETY: reading singleton addresses.
            let (t, f) = unsafe { (ffi::Py_True(), ffi::Py_False()) };
            if obj != t && obj != f {
                return Err(String::new());
            }
            jvalue { z: obj == t }
        }
        Prim::Byte => jvalue {
            b: int_in(i8::MIN.into(), i8::MAX.into())? as i8,
        },
        Prim::Short => jvalue {
            s: int_in(i16::MIN.into(), i16::MAX.into())? as i16,
        },
        Prim::Int => jvalue {
            i: int_in(i32::MIN.into(), i32::MAX.into())? as i32,
        },
        Prim::Long => jvalue {
            j: int_in(i64::MIN, i64::MAX)?,
        },
        Prim::Float => jvalue { f: float()? as f32 },
        Prim::Double => jvalue { d: float()? },
        Prim::Char => {
            // SAFETY: type check on a live object.
            if unsafe { ffi::PyUnicode_Check(obj) } == 0 {
                return Err(String::new());
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
                return Err("expected a str of one UTF-16 code unit".into());
            }
            jvalue { c: point as u16 }
        }
    })
}

fn item_size(prim: Prim) -> usize {
    match prim {
        Prim::Boolean | Prim::Byte => 1,
        Prim::Char | Prim::Short => 2,
        Prim::Int | Prim::Float => 4,
        Prim::Long | Prim::Double => 8,
    }
}

/// The element type of a memoryview whose format matches a Java primitive.
fn memoryview_prim(value: &PyRef<'_>) -> Option<Prim> {
    let format = value.getattr("format").ok()?.str_lossy();
    let itemsize = value.getattr("itemsize").ok().and_then(|s| as_i64(&s))?;
    let prim = match format.trim_start_matches(['@', '=', '<']) {
        "b" => Prim::Byte,
        "B" | "c" => Prim::Byte,
        "?" => Prim::Boolean,
        "h" => Prim::Short,
        "H" => Prim::Char,
        "i" | "l" if itemsize == 4 => Prim::Int,
        "l" | "q" if itemsize == 8 => Prim::Long,
        "f" => Prim::Float,
        "d" => Prim::Double,
        _ => return None,
    };
    (item_size(prim) as i64 == itemsize).then_some(prim)
}

/// A new Java primitive array of `prim` from raw native-order bytes.
fn new_prim_array<'env>(env: Env<'env>, prim: Prim, bytes: &[u8]) -> JResult<Local<'env>> {
    let count = bytes.len() / item_size(prim);
    let len = i32::try_from(count).map_err(|_| too_large(count))?;
    let data = bytes.as_ptr();
    let array = match prim {
        Prim::Boolean => jni_call!(env, v1_2, NewBooleanArray, len),
        Prim::Byte => jni_call!(env, v1_2, NewByteArray, len),
        Prim::Char => jni_call!(env, v1_2, NewCharArray, len),
        Prim::Short => jni_call!(env, v1_2, NewShortArray, len),
        Prim::Int => jni_call!(env, v1_2, NewIntArray, len),
        Prim::Long => jni_call!(env, v1_2, NewLongArray, len),
        Prim::Float => jni_call!(env, v1_2, NewFloatArray, len),
        Prim::Double => jni_call!(env, v1_2, NewDoubleArray, len),
    };
    let array = env.non_null(array, "a new array")?;
    let raw = array.as_raw();
    match prim {
        Prim::Boolean => jni_call!(env, v1_2, SetBooleanArrayRegion, raw, 0, len, data.cast()),
        Prim::Byte => jni_call!(env, v1_2, SetByteArrayRegion, raw, 0, len, data.cast()),
        Prim::Char => jni_call!(env, v1_2, SetCharArrayRegion, raw, 0, len, data.cast()),
        Prim::Short => jni_call!(env, v1_2, SetShortArrayRegion, raw, 0, len, data.cast()),
        Prim::Int => jni_call!(env, v1_2, SetIntArrayRegion, raw, 0, len, data.cast()),
        Prim::Long => jni_call!(env, v1_2, SetLongArrayRegion, raw, 0, len, data.cast()),
        Prim::Float => jni_call!(env, v1_2, SetFloatArrayRegion, raw, 0, len, data.cast()),
        Prim::Double => jni_call!(env, v1_2, SetDoubleArrayRegion, raw, 0, len, data.cast()),
    }
    env.check()?;
    Ok(array)
}

/// The raw bytes of a bytes-like object (bytes, bytearray, memoryview).
fn buffer_bytes(value: &PyRef<'_>) -> JResult<Vec<u8>> {
    let gil = value.gil();
    // SAFETY: PyBytes_FromObject copies any buffer; we hold the GIL.
    let bytes = gil.owned(unsafe { ffi::PyBytes_FromObject(value.as_ptr()) })?;
    // SAFETY: bytes is a bytes object whose data stays valid while it lives.
    unsafe {
        let data = ffi::PyBytes_AsString(bytes.as_ptr());
        let len = ffi::PyBytes_Size(bytes.as_ptr()) as usize;
        Ok(std::slice::from_raw_parts(data.cast::<u8>(), len).to_vec())
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
    // SAFETY: type checks on a live object.
    let (is_bytes, is_view) = unsafe {
        (
            ffi::PyBytes_Check(obj) != 0 || ffi::PyByteArray_Check(obj) != 0,
            ffi::PyMemoryView_Check(obj) != 0,
        )
    };
    if (is_bytes && prim == Prim::Byte) || (is_view && memoryview_prim(value) == Some(prim)) {
        return new_prim_array(env, prim, &buffer_bytes(value)?);
    }
    if !is_list_or_tuple(obj) && !is_view {
        return Err(cannot(
            env,
            c,
            value,
            target_class,
            "expected a list, tuple or bytes-like object",
        ));
    }
    let items = sequence_items(value)?;
    let mut bytes = Vec::with_capacity(items.len() * item_size(prim));
    for (index, item) in items.iter().enumerate() {
        let v = scalar(item, prim).map_err(|why| {
            let why = if why.is_empty() {
                String::new()
            } else {
                format!(" ({why})")
            };
            cannot(
                env,
                c,
                value,
                target_class,
                &format!("element {index} is a Python {}{why}", item.type_name()),
            )
        })?;
        // SAFETY: reading the union member written by `scalar` for this `prim`.
        unsafe {
            match prim {
                Prim::Boolean => bytes.push(u8::from(v.z)),
                Prim::Byte => bytes.push(v.b as u8),
                Prim::Char => bytes.extend_from_slice(&v.c.to_ne_bytes()),
                Prim::Short => bytes.extend_from_slice(&v.s.to_ne_bytes()),
                Prim::Int => bytes.extend_from_slice(&v.i.to_ne_bytes()),
                Prim::Long => bytes.extend_from_slice(&v.j.to_ne_bytes()),
                Prim::Float => bytes.extend_from_slice(&v.f.to_ne_bytes()),
                Prim::Double => bytes.extend_from_slice(&v.d.to_ne_bytes()),
            }
        }
    }
    new_prim_array(env, prim, &bytes)
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
