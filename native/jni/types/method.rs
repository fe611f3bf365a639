//! `PyJMethod`: the overloads of one Java method name (or a class's
//! constructors). Calling it picks an overload by the Python argument types —
//! exact primitive/boxed matches first, then widening, then conversion, with
//! varargs last — and remembers the choice per argument-type signature.

use std::cell::RefCell;
use std::collections::HashMap;
use std::ffi::c_void;

use jni::sys::{jmethodID, jobject, jvalue};
use pyo3::ffi;

use super::object::{new_type, slot_def};
use super::{refs, slot};
use crate::core::{Error, Gil, PyRef, Result};
use crate::jni::cache::cache;
use crate::jni::env::{jni_call, Env, Failure, JResult, Local};
use crate::jni::module::State;
use crate::jni::to_java::{self, Prim, Target};
use crate::jni::{strings, to_python};

extern "C" {
    /// CPython's bound-method constructor (not exposed by pyo3-ffi).
    fn PyMethod_New(func: *mut ffi::PyObject, instance: *mut ffi::PyObject) -> *mut ffi::PyObject;
}

/// The memory layout of a `PyJMethod`.
#[repr(C)]
struct JMethod {
    ob_base: ffi::PyObject,
    data: *mut MethodData,
}

/// One parameter: how to convert to it, and its class (a global reference).
pub struct Param {
    /// The conversion target.
    pub target: Target,
    /// The parameter's class.
    pub class: jobject,
}

/// What a method returns.
#[derive(Clone, Copy)]
enum Ret {
    Void,
    Prim(Prim),
    Object,
}

/// How a `@PyMethod` Java method takes Python's extra arguments.
#[derive(Clone, Copy)]
struct PyMethodFlags {
    varargs: bool,
    kwargs: bool,
}

/// One overload.
struct Overload {
    id: jmethodID,
    declaring: jobject,
    is_static: bool,
    varargs: bool,
    py_method: Option<PyMethodFlags>,
    params: Vec<Param>,
    ret: Ret,
}

struct MethodData {
    name: String,
    constructor: bool,
    overloads: Vec<Overload>,
    globals: Vec<jobject>,
    chosen: RefCell<HashMap<Vec<usize>, usize>>,
}

/// Creates the `PyJMethod` type for the module being initialized.
pub fn create_type(gil: Gil<'_>, module: *mut ffi::PyObject) -> Result<*mut ffi::PyTypeObject> {
    let mut slots = [
        slot_def(ffi::Py_tp_dealloc, dealloc as *mut c_void),
        slot_def(ffi::Py_tp_call, call as *mut c_void),
        slot_def(ffi::Py_tp_descr_get, descr_get as *mut c_void),
        slot_def(ffi::Py_tp_repr, repr as *mut c_void),
        slot_def(
            ffi::Py_tp_doc,
            c"An overloaded Java method or constructor.".as_ptr() as *mut c_void,
        ),
        slot_def(0, std::ptr::null_mut()),
    ];
    new_type(
        gil,
        module,
        c"jep.PyJMethod",
        std::mem::size_of::<JMethod>(),
        0,
        &mut slots,
    )
}

/// Describes the parameters of a reflected method or constructor.
pub fn params(
    env: Env<'_>,
    executable: jobject,
    globals: &mut Vec<jobject>,
) -> JResult<Vec<Param>> {
    let c = cache()?;
    let types = env
        .call_object(executable, c.method.executable_parameter_types, &[])?
        .ok_or_else(|| Failure::Core(Error::Usage("getParameterTypes returned null".into())))?;
    let mut params = Vec::new();
    for index in 0..env.array_length(types.as_raw()) {
        let class = env
            .array_element(types.as_raw(), index)?
            .ok_or_else(|| Failure::Core(Error::Usage("null parameter type".into())))?;
        let global = env.new_global(class.as_raw());
        globals.push(global);
        let target = to_java::classify(env, c, global)?;
        if let Target::ObjectArray(component) = target {
            let component = env.new_global(component);
            globals.push(component);
            params.push(Param {
                target: Target::ObjectArray(component),
                class: global,
            });
        } else {
            params.push(Param {
                target,
                class: global,
            });
        }
    }
    Ok(params)
}

/// A `PyJMethod` for reflected `java.lang.reflect.Method`s (or `Constructor`s)
/// sharing one name.
pub fn new<'py>(
    gil: Gil<'py>,
    env: Env<'_>,
    state: &State,
    name: &str,
    declaring: jobject,
    executables: &[jobject],
    constructor: bool,
) -> JResult<PyRef<'py>> {
    let c = cache()?;
    let mut globals = Vec::new();
    let mut overloads = Vec::new();
    for &executable in executables {
        overloads.push(
            env.in_frame(|| overload(env, c, executable, declaring, constructor, &mut globals))?,
        );
    }
    // Fewer parameters first, so ties prefer the simpler overload.
    overloads.sort_by_key(|o| (o.varargs, o.params.len()));
    let data = Box::new(MethodData {
        name: name.to_string(),
        constructor,
        overloads,
        globals,
        chosen: RefCell::new(HashMap::new()),
    });
    // SAFETY: method_type is our PyJMethod type; generic alloc zeroes the instance.
    let method = gil.owned(unsafe { ffi::PyType_GenericAlloc(state.method_type, 0) })?;
    // SAFETY: the instance has the JMethod layout; it owns `data` from now on.
    unsafe { (*method.as_ptr().cast::<JMethod>()).data = Box::into_raw(data) };
    Ok(method)
}

fn overload(
    env: Env<'_>,
    c: &crate::jni::cache::Cache,
    executable: jobject,
    declaring: jobject,
    constructor: bool,
    globals: &mut Vec<jobject>,
) -> JResult<Overload> {
    let m = &c.method;
    let id = jni_call!(env, v1_2, FromReflectedMethod, executable);
    env.check()?;
    let varargs = env.call_boolean(executable, m.executable_is_var_args, &[])?;
    let modifiers = jni_call!(
        env,
        v1_2,
        CallIntMethodA,
        executable,
        m.executable_modifiers,
        std::ptr::null()
    );
    env.check()?;
    let (ret, owner) = if constructor {
        (Ret::Object, declaring)
    } else {
        let ret_class = env
            .call_object(executable, m.method_return_type, &[])?
            .ok_or_else(|| Failure::Core(Error::Usage("getReturnType returned null".into())))?;
        let ret = if env.same(ret_class.as_raw(), c.class.prim_void) {
            Ret::Void
        } else {
            match to_java::classify(env, c, ret_class.as_raw())? {
                Target::Prim(prim) => Ret::Prim(prim),
                _ => Ret::Object,
            }
        };
        let owner = env
            .call_object(executable, m.executable_declaring_class, &[])?
            .ok_or_else(|| Failure::Core(Error::Usage("getDeclaringClass returned null".into())))?;
        (ret, owner.into_raw())
    };
    let owner = env.new_global(owner);
    globals.push(owner);
    let py_method = if constructor {
        None
    } else {
        let flags = jni_call!(
            env,
            v1_2,
            CallStaticIntMethodA,
            c.class.krait_reflection,
            c.method.reflection_py_method_flags,
            [jvalue { l: executable }].as_ptr()
        );
        env.check()?;
        (flags >= 0).then_some(PyMethodFlags {
            varargs: flags & 1 != 0,
            kwargs: flags & 2 != 0,
        })
    };
    Ok(Overload {
        id,
        declaring: owner,
        py_method,
        is_static: !constructor && modifiers & 0x0008 != 0,
        varargs,
        params: params(env, executable, globals)?,
        ret,
    })
}

fn data<'a>(this: *mut ffi::PyObject) -> &'a MethodData {
    // SAFETY: slots of PyJMethod receive PyJMethod instances with data set.
    unsafe { &*(*this.cast::<JMethod>()).data }
}

unsafe extern "C" fn dealloc(this: *mut ffi::PyObject) {
    // SAFETY: `this` is a dying PyJMethod that owns its data box.
    unsafe {
        let raw = (*this.cast::<JMethod>()).data;
        if !raw.is_null() {
            let data = Box::from_raw(raw);
            for global in &data.globals {
                refs::delete_global(*global);
            }
        }
        super::object::free_instance(this);
    }
}

unsafe extern "C" fn repr(this: *mut ffi::PyObject) -> *mut ffi::PyObject {
    let text = format!("<Java method {}>", data(this).name);
    let text = std::ffi::CString::new(text).unwrap_or_default();
    // SAFETY: a NUL-terminated UTF-8 string; we hold the GIL.
    unsafe { ffi::PyUnicode_FromString(text.as_ptr()) }
}

unsafe extern "C" fn descr_get(
    this: *mut ffi::PyObject,
    obj: *mut ffi::PyObject,
    _tp: *mut ffi::PyObject,
) -> *mut ffi::PyObject {
    let d = data(this);
    // SAFETY: new references to live objects; we hold the GIL.
    unsafe {
        let unbound = obj.is_null()
            || obj == ffi::Py_None()
            || d.constructor
            || d.overloads.iter().all(|o| o.is_static);
        if unbound {
            ffi::Py_NewRef(this)
        } else {
            PyMethod_New(this, obj)
        }
    }
}

unsafe extern "C" fn call(
    this: *mut ffi::PyObject,
    args: *mut ffi::PyObject,
    kwargs: *mut ffi::PyObject,
) -> *mut ffi::PyObject {
    slot::object(|gil, env| {
        let d = data(this);
        let args = gil.borrowed(args)?;
        // SAFETY: kwargs is null or a dict.
        let has_kwargs = !kwargs.is_null() && unsafe { ffi::PyDict_Size(kwargs) } > 0;
        if d.overloads.iter().any(|o| o.py_method.is_some()) {
            let kwargs = if kwargs.is_null() {
                None
            } else {
                Some(gil.borrowed(kwargs)?)
            };
            if let Some(result) = invoke_py_method(gil, env, d, &args, kwargs.as_ref())? {
                return Ok(result.into_ptr());
            }
        }
        if has_kwargs {
            return Err(Failure::Core(Error::Conversion(format!(
                "Java method {} takes no keyword arguments (annotate it @PyMethod(kwargs = true))",
                d.name
            ))));
        }
        Ok(invoke(gil, env, d, &args)?.into_ptr())
    })
}

/// Calls the first `@PyMethod` overload that accepts these arguments: leading
/// positional parameters, then an `Object[]` of the rest (varargs), then a
/// `Map` of the keyword arguments (kwargs). `None` when no such overload fits.
fn invoke_py_method<'py>(
    gil: Gil<'py>,
    env: Env<'_>,
    d: &MethodData,
    args: &PyRef<'py>,
    kwargs: Option<&PyRef<'py>>,
) -> JResult<Option<PyRef<'py>>> {
    let state = crate::jni::module::current(gil)?;
    let c = cache()?;
    // SAFETY: args is a tuple; items are borrowed for the call.
    let items: Vec<*mut ffi::PyObject> = unsafe {
        (0..ffi::PyTuple_GET_SIZE(args.as_ptr()))
            .map(|i| ffi::PyTuple_GET_ITEM(args.as_ptr(), i))
            .collect()
    };
    // SAFETY: kwargs is a dict when present.
    let has_kwargs = kwargs.is_some_and(|k| unsafe { ffi::PyDict_Size(k.as_ptr()) } > 0);
    let receiver = items
        .first()
        .and_then(|&first| to_java::java_ref(state, first));
    for overload in &d.overloads {
        let Some(flags) = overload.py_method else {
            continue;
        };
        if has_kwargs && !flags.kwargs {
            continue;
        }
        let (receiver, rest) = if overload.is_static {
            (None, &items[..])
        } else {
            match receiver {
                Some(obj) if env.is_instance(obj, overload.declaring) => (Some(obj), &items[1..]),
                _ => continue,
            }
        };
        let fixed = overload.params.len() - usize::from(flags.varargs) - usize::from(flags.kwargs);
        if rest.len() < fixed || (!flags.varargs && rest.len() > fixed) {
            continue;
        }
        let mut locals = Vec::new();
        let mut values = Vec::with_capacity(overload.params.len());
        let converted = (|| -> JResult<()> {
            convert_each(
                env,
                c,
                gil,
                &rest[..fixed],
                &overload.params,
                &mut values,
                &mut locals,
            )?;
            if flags.varargs {
                let extra = crate::core::tuple(
                    gil,
                    rest[fixed..]
                        .iter()
                        .map(|&i| gil.borrowed(i))
                        .collect::<crate::core::Result<_>>()?,
                )?;
                let param = &overload.params[fixed];
                values.push(to_java::to_jvalue(
                    env,
                    c,
                    &extra,
                    param.target,
                    param.class,
                    &mut locals,
                )?);
            }
            if flags.kwargs {
                // SAFETY: a new empty dict when no keyword arguments were given.
                let map = match kwargs {
                    Some(k) => k.clone_ref(),
                    None => gil.owned(unsafe { ffi::PyDict_New() })?,
                };
                let param = &overload.params[overload.params.len() - 1];
                values.push(to_java::to_jvalue(
                    env,
                    c,
                    &map,
                    param.target,
                    param.class,
                    &mut locals,
                )?);
            }
            Ok(())
        })();
        match converted {
            Ok(()) => return call_overload(gil, env, overload, receiver, &values).map(Some),
            Err(Failure::Core(_)) => continue,
            Err(other) => return Err(other),
        }
    }
    Ok(None)
}

/// How a candidate overload would be called.
struct Candidate {
    overload: usize,
    receiver: Option<jobject>,
    first_arg: usize,
    score: u32,
}

fn invoke<'py>(
    gil: Gil<'py>,
    env: Env<'_>,
    d: &MethodData,
    args: &PyRef<'py>,
) -> JResult<PyRef<'py>> {
    let state = crate::jni::module::current(gil)?;
    // SAFETY: args is a tuple; items are borrowed for the call.
    let items: Vec<*mut ffi::PyObject> = unsafe {
        (0..ffi::PyTuple_GET_SIZE(args.as_ptr()))
            .map(|i| ffi::PyTuple_GET_ITEM(args.as_ptr(), i))
            .collect()
    };
    // SAFETY: reading the types (and ndarray dtypes) of live objects; we hold the GIL.
    let key: Vec<usize> = items
        .iter()
        .map(|&item| unsafe {
            // krait numpy hook: ndarrays are told apart by dtype
            crate::jni::numpy::overload_key(item).unwrap_or(ffi::Py_TYPE(item) as usize)
        })
        .collect();
    let remembered = d.chosen.borrow().get(&key).copied();
    let mut candidates = candidates(env, state, d, &items)?;
    if let Some(index) = remembered {
        if let Some(pos) = candidates.iter().position(|c| c.overload == index) {
            let first = candidates.remove(pos);
            candidates.insert(0, first);
        }
    }
    let mut last_error = None;
    for candidate in &candidates {
        let overload = &d.overloads[candidate.overload];
        match convert_args(env, state, overload, &items[candidate.first_arg..]) {
            Ok((values, _locals)) => {
                d.chosen.borrow_mut().insert(key, candidate.overload);
                return call_overload(gil, env, overload, candidate.receiver, &values);
            }
            Err(Failure::Core(err)) => last_error = Some(err),
            Err(other) => return Err(other),
        }
    }
    let described: Vec<String> = items.iter().map(|&i| type_name(i)).collect();
    let detail = last_error.map(|e| format!(" ({e})")).unwrap_or_default();
    Err(Failure::Core(Error::Conversion(format!(
        "no overload of Java {} {} accepts ({}){detail}",
        if d.constructor {
            "constructor"
        } else {
            "method"
        },
        d.name,
        described.join(", ")
    ))))
}

fn type_name(obj: *mut ffi::PyObject) -> String {
    // SAFETY: live object; tp_name is a C string.
    unsafe {
        std::ffi::CStr::from_ptr((*ffi::Py_TYPE(obj)).tp_name)
            .to_string_lossy()
            .into_owned()
    }
}

fn candidates(
    env: Env<'_>,
    state: &State,
    d: &MethodData,
    items: &[*mut ffi::PyObject],
) -> JResult<Vec<Candidate>> {
    let receiver = items
        .first()
        .and_then(|&first| crate::jni::to_java::java_ref(state, first));
    let mut found = Vec::new();
    for (index, overload) in d.overloads.iter().enumerate() {
        if overload.is_static || d.constructor {
            if let Some(score) = score_args(env, state, overload, items) {
                found.push(Candidate {
                    overload: index,
                    receiver: None,
                    first_arg: 0,
                    score,
                });
            }
        } else if let Some(obj) = receiver {
            if env.is_instance(obj, overload.declaring) {
                if let Some(score) = score_args(env, state, overload, &items[1..]) {
                    found.push(Candidate {
                        overload: index,
                        receiver: Some(obj),
                        first_arg: 1,
                        score,
                    });
                }
            }
        }
    }
    found.sort_by_key(|c| c.score);
    Ok(found)
}

fn score_args(
    env: Env<'_>,
    state: &State,
    overload: &Overload,
    items: &[*mut ffi::PyObject],
) -> Option<u32> {
    let params = &overload.params;
    if overload.varargs {
        let fixed = params.len() - 1;
        if items.len() < fixed {
            return None;
        }
        let mut total = 20;
        for (item, param) in items.iter().zip(&params[..fixed]) {
            total += score(env, state, *item, param)?;
        }
        // An array (or list) passed as the varargs parameter itself.
        if items.len() == params.len() {
            if let Some(s) = score(env, state, items[fixed], &params[fixed]) {
                return Some(total + s);
            }
        }
        let (Target::PrimArray(_) | Target::ObjectArray(_)) = params[fixed].target else {
            return None;
        };
        for item in &items[fixed..] {
            total += vararg_score(env, state, *item, &params[fixed])?;
        }
        return Some(total);
    }
    if items.len() != params.len() {
        return None;
    }
    let mut total = 0;
    for (item, param) in items.iter().zip(params) {
        total += score(env, state, *item, param)?;
    }
    Some(total)
}

fn vararg_score(
    env: Env<'_>,
    state: &State,
    item: *mut ffi::PyObject,
    array: &Param,
) -> Option<u32> {
    match array.target {
        Target::PrimArray(prim) => {
            score_value(env, state, item, Target::Prim(prim), std::ptr::null_mut())
        }
        Target::ObjectArray(component) => {
            let c = cache().ok()?;
            let target = to_java::classify(env, c, component).ok()?;
            score_value(env, state, item, target, component)
        }
        _ => None,
    }
}

fn score(env: Env<'_>, state: &State, item: *mut ffi::PyObject, param: &Param) -> Option<u32> {
    score_value(env, state, item, param.target, param.class)
}

/// How well a Python value fits a parameter: 0 is exact, larger is worse, None never.
/// A Python int is a long first (type-stable, as in Jep), then the narrower
/// integers that hold it, then floating point; primitives rank before boxes.
fn score_value(
    env: Env<'_>,
    state: &State,
    item: *mut ffi::PyObject,
    target: Target,
    class: jobject,
) -> Option<u32> {
    use Target as T;
    // SAFETY: scoring runs inside a slot, with the GIL held; `item` is live. (krait numpy hook)
    let numpy = unsafe {
        crate::jni::numpy::score(item, target, |plain| {
            score_value(env, state, plain, target, class)
        })
    };
    if let Some(score) = numpy {
        return score;
    }
    let boxed = u32::from(matches!(target, T::Boxed(_)));
    match target {
        T::PyObject => return Some(8),
        // SAFETY: callable check of a live object.
        T::PyCallable => return (unsafe { ffi::PyCallable_Check(item) } != 0).then_some(8),
        _ => {}
    }
    // SAFETY: type checks and reads of a live object.
    unsafe {
        if item == ffi::Py_None() {
            return match target {
                T::Prim(_) => None,
                T::Object => Some(4),
                _ => Some(5),
            };
        }
        if let Some(obj) = to_java::java_ref(state, item) {
            return match target {
                T::Object => Some(4),
                T::Prim(_) => None,
                _ if class.is_null() => None,
                _ if env.is_instance(obj, class) => Some(1),
                _ => None,
            };
        }
        if item == ffi::Py_True() || item == ffi::Py_False() {
            return match target {
                T::Prim(Prim::Boolean) | T::Boxed(Prim::Boolean) => Some(boxed),
                T::Object => Some(3),
                _ => None,
            };
        }
        if ffi::PyLong_Check(item) != 0 {
            let mut overflow = 0;
            let v = ffi::PyLong_AsLongLongAndOverflow(item, &mut overflow);
            if v == -1 && !ffi::PyErr_Occurred().is_null() {
                ffi::PyErr_Clear();
            }
            let fits = |min: i64, max: i64| overflow == 0 && (min..=max).contains(&v);
            return match target {
                T::Prim(Prim::Long) | T::Boxed(Prim::Long) if overflow == 0 => Some(boxed),
                T::Prim(Prim::Int) | T::Boxed(Prim::Int)
                    if fits(i32::MIN.into(), i32::MAX.into()) =>
                {
                    Some(2 + boxed)
                }
                T::Prim(Prim::Short) | T::Boxed(Prim::Short)
                    if fits(i16::MIN.into(), i16::MAX.into()) =>
                {
                    Some(4 + boxed)
                }
                T::Prim(Prim::Byte) | T::Boxed(Prim::Byte)
                    if fits(i8::MIN.into(), i8::MAX.into()) =>
                {
                    Some(6 + boxed)
                }
                T::Prim(Prim::Double) | T::Boxed(Prim::Double) => Some(8 + boxed),
                T::Prim(Prim::Float) | T::Boxed(Prim::Float) => Some(10 + boxed),
                T::BigInteger | T::Number => Some(12),
                T::Object => Some(13),
                _ => None,
            };
        }
        if ffi::PyFloat_Check(item) != 0 {
            return match target {
                T::Prim(Prim::Double) | T::Boxed(Prim::Double) => Some(boxed),
                T::Prim(Prim::Float) | T::Boxed(Prim::Float) => Some(2 + boxed),
                T::Number => Some(4),
                T::Object => Some(5),
                _ => None,
            };
        }
        if ffi::PyUnicode_Check(item) != 0 {
            let single = ffi::PyUnicode_GetLength(item) == 1;
            return match target {
                T::String => Some(0),
                T::Prim(Prim::Char) | T::Boxed(Prim::Char) if single => Some(1 + boxed),
                T::Other(cls) if cache().is_ok_and(|c| env.is_assignable(c.class.string, cls)) => {
                    Some(3)
                }
                T::Object => Some(4),
                _ => None,
            };
        }
        let other = || match target {
            T::Object => Some(6),
            T::Other(_) => Some(9),
            _ => None,
        };
        if ffi::PyBytes_Check(item) != 0 || ffi::PyByteArray_Check(item) != 0 {
            return match target {
                T::PrimArray(Prim::Byte) => Some(0),
                _ => other(),
            };
        }
        if ffi::PyList_Check(item) != 0 || ffi::PyTuple_Check(item) != 0 {
            return match target {
                T::List | T::Collection => Some(1),
                T::PrimArray(_) | T::ObjectArray(_) => Some(2),
                _ => other(),
            };
        }
        if ffi::PyDict_Check(item) != 0 {
            return match target {
                T::Map => Some(1),
                _ => other(),
            };
        }
        if ffi::PyAnySet_Check(item) != 0 {
            return match target {
                T::Set | T::Collection => Some(1),
                _ => other(),
            };
        }
        other()
    }
}

type Converted<'env> = (Vec<jvalue>, Vec<Local<'env>>);

/// Converts each item for the parameter at the same position, appending the
/// values (and the references keeping them alive).
fn convert_each<'env>(
    env: Env<'env>,
    c: &crate::jni::cache::Cache,
    gil: Gil<'_>,
    items: &[*mut ffi::PyObject],
    params: &[Param],
    values: &mut Vec<jvalue>,
    locals: &mut Vec<Local<'env>>,
) -> JResult<()> {
    for (item, param) in items.iter().zip(params) {
        let value = gil.borrowed(*item)?;
        values.push(to_java::to_jvalue(
            env,
            c,
            &value,
            param.target,
            param.class,
            locals,
        )?);
    }
    Ok(())
}

fn convert_args<'env>(
    env: Env<'env>,
    state: &State,
    overload: &Overload,
    items: &[*mut ffi::PyObject],
) -> JResult<Converted<'env>> {
    let c = cache()?;
    // SAFETY: argument conversion runs inside a slot, with the GIL held.
    let gil = unsafe { Gil::assume() };
    let mut values = Vec::with_capacity(overload.params.len());
    let mut locals = Vec::new();
    let params = &overload.params;
    let packs_varargs = overload.varargs
        && !(items.len() == params.len()
            && score(
                env,
                state,
                items[params.len() - 1],
                &params[params.len() - 1],
            )
            .is_some());
    let fixed = if packs_varargs {
        params.len() - 1
    } else {
        params.len()
    };
    convert_each(
        env,
        c,
        gil,
        &items[..fixed],
        params,
        &mut values,
        &mut locals,
    )?;
    if packs_varargs {
        let list = to_python::list_of(gil, &items[fixed..])?;
        let param = &params[fixed];
        values.push(to_java::to_jvalue(
            env,
            c,
            &list,
            param.target,
            param.class,
            &mut locals,
        )?);
    }
    Ok((values, locals))
}

fn call_overload<'py>(
    gil: Gil<'py>,
    env: Env<'_>,
    overload: &Overload,
    receiver: Option<jobject>,
    args: &[jvalue],
) -> JResult<PyRef<'py>> {
    let a = args.as_ptr();
    let id = overload.id;
    let cls = overload.declaring;
    macro_rules! dispatch {
        ($instance:ident, $static:ident) => {
            // The GIL is released for the call: Java may wait for threads that need it.
            crate::core::without_gil(gil, || match receiver {
                Some(obj) => jni_call!(env, v1_2, $instance, obj, id, a),
                None => jni_call!(env, v1_2, $static, cls, id, a),
            })
        };
    }
    let result: PyRef<'py> = match overload.ret {
        Ret::Object if receiver.is_none() && !overload.is_static => {
            let obj =
                crate::core::without_gil(gil, || jni_call!(env, v1_2, NewObjectA, cls, id, a));
            let obj = env.local(obj)?;
            to_python::to_python(
                env,
                gil,
                obj.as_ref().map_or(std::ptr::null_mut(), |o| o.as_raw()),
            )?
        }
        Ret::Object => {
            let obj = dispatch!(CallObjectMethodA, CallStaticObjectMethodA);
            let obj = env.local(obj)?;
            env.check()?;
            to_python::to_python(
                env,
                gil,
                obj.as_ref().map_or(std::ptr::null_mut(), |o| o.as_raw()),
            )?
        }
        Ret::Void => {
            dispatch!(CallVoidMethodA, CallStaticVoidMethodA);
            env.check()?;
            gil.none()
        }
        Ret::Prim(prim) => {
            // SAFETY (all arms): creating Python scalars with the GIL held.
            let ptr = unsafe {
                match prim {
                    Prim::Boolean => ffi::PyBool_FromLong(
                        dispatch!(CallBooleanMethodA, CallStaticBooleanMethodA).into(),
                    ),
                    Prim::Byte => ffi::PyLong_FromLong(
                        dispatch!(CallByteMethodA, CallStaticByteMethodA).into(),
                    ),
                    Prim::Short => ffi::PyLong_FromLong(
                        dispatch!(CallShortMethodA, CallStaticShortMethodA).into(),
                    ),
                    Prim::Int => {
                        ffi::PyLong_FromLong(dispatch!(CallIntMethodA, CallStaticIntMethodA).into())
                    }
                    Prim::Long => {
                        ffi::PyLong_FromLongLong(dispatch!(CallLongMethodA, CallStaticLongMethodA))
                    }
                    Prim::Float => ffi::PyFloat_FromDouble(
                        dispatch!(CallFloatMethodA, CallStaticFloatMethodA).into(),
                    ),
                    Prim::Double => ffi::PyFloat_FromDouble(dispatch!(
                        CallDoubleMethodA,
                        CallStaticDoubleMethodA
                    )),
                    Prim::Char => {
                        let unit = dispatch!(CallCharMethodA, CallStaticCharMethodA);
                        env.check()?;
                        return Ok(strings::utf16_to_python(gil, &[unit])?);
                    }
                }
            };
            env.check()?;
            gil.owned(ptr)?
        }
    };
    Ok(result)
}
