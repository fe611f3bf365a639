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
use crate::jni::cache::{cache, Cache};
use crate::jni::env::{jni_call, Env, Failure, JResult, Local};
use crate::jni::module::State;
use crate::jni::overload::classify::{self, Classified};
use crate::jni::overload::{self};
use crate::jni::primitive::Prim;
use crate::jni::to_java::{self, Target};
use crate::jni::to_python;

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
    /// For an array parameter: its element's target and class (for varargs).
    pub element: Option<(Target, jobject)>,
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
    /// The reflected `Method`s / `Constructor`s (global references), in overload order.
    executables: Vec<jobject>,
    chosen: RefCell<HashMap<Vec<usize>, usize>>,
}

/// Creates the `PyJMethod` type for the module being initialized.
pub fn create_type(gil: Gil<'_>, module: *mut ffi::PyObject) -> Result<*mut ffi::PyTypeObject> {
    let mut slots = [
        slot_def(ffi::Py_tp_dealloc, dealloc as *mut c_void),
        slot_def(ffi::Py_tp_call, call as *mut c_void),
        slot_def(ffi::Py_tp_descr_get, descr_get as *mut c_void),
        slot_def(ffi::Py_tp_repr, repr as *mut c_void),
        slot_def(ffi::Py_tp_getset, getset() as *mut c_void),
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
        ffi::Py_TPFLAGS_DISALLOW_INSTANTIATION,
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
        let param = match to_java::classify(env, c, global)? {
            Target::ObjectArray(component) => {
                let component = env.new_global(component);
                globals.push(component);
                Param {
                    target: Target::ObjectArray(component),
                    class: global,
                    element: Some((to_java::classify(env, c, component)?, component)),
                }
            }
            Target::PrimArray(prim) => Param {
                target: Target::PrimArray(prim),
                class: global,
                element: Some((Target::Prim(prim), prim.class(c))),
            },
            target => Param {
                target,
                class: global,
                element: None,
            },
        };
        params.push(param);
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
        let found =
            env.in_frame(|| overload(env, c, executable, declaring, constructor, &mut globals))?;
        overloads.push((found, env.new_global(executable)));
    }
    // Fewer parameters first, so ties prefer the simpler overload.
    overloads.sort_by_key(|(o, _)| (o.varargs, o.params.len()));
    let (overloads, executables): (Vec<Overload>, Vec<jobject>) = overloads.into_iter().unzip();
    globals.extend(&executables);
    let data = Box::new(MethodData {
        name: name.to_string(),
        constructor,
        overloads,
        globals,
        executables,
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

/// The data of a `PyJMethod` made by [`new`]; None (with a Python
/// `TypeError` set) for an instance that never got any.
fn data<'a>(this: *mut ffi::PyObject) -> Option<&'a MethodData> {
    // SAFETY: slots of PyJMethod receive PyJMethod instances; `data` is null
    // or a box owned by the instance, alive as long as it is.
    let data = unsafe { (*this.cast::<JMethod>()).data };
    if data.is_null() {
        super::errors::uninitialized(c"PyJMethod");
        return None;
    }
    // SAFETY: non-null, see above.
    Some(unsafe { &*data })
}

fn getset() -> *mut ffi::PyGetSetDef {
    static mut GETSET: [ffi::PyGetSetDef; 2] = [
        ffi::PyGetSetDef {
            name: c"__methods__".as_ptr(),
            get: Some(methods),
            set: None,
            doc: c"The reflected Java methods (or constructors) of the overloads.".as_ptr(),
            closure: std::ptr::null_mut(),
        },
        ffi::PyGetSetDef {
            name: std::ptr::null(),
            get: None,
            set: None,
            doc: std::ptr::null(),
            closure: std::ptr::null_mut(),
        },
    ];
    // The table is only read by CPython.
    std::ptr::addr_of_mut!(GETSET).cast()
}

unsafe extern "C" fn methods(
    this: *mut ffi::PyObject,
    _closure: *mut c_void,
) -> *mut ffi::PyObject {
    let Some(d) = data(this) else {
        return std::ptr::null_mut();
    };
    slot::object(|gil, env| {
        let items = d
            .executables
            .iter()
            .map(|&executable| to_python::to_python(env, gil, executable))
            .collect::<JResult<Vec<_>>>()?;
        Ok(to_python::list_from(gil, items)?.into_ptr())
    })
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
    let Some(d) = data(this) else {
        return std::ptr::null_mut();
    };
    let text = format!("<Java method {}>", d.name);
    let text = std::ffi::CString::new(text).unwrap_or_default();
    // SAFETY: a NUL-terminated UTF-8 string; we hold the GIL.
    unsafe { ffi::PyUnicode_FromString(text.as_ptr()) }
}

unsafe extern "C" fn descr_get(
    this: *mut ffi::PyObject,
    obj: *mut ffi::PyObject,
    _tp: *mut ffi::PyObject,
) -> *mut ffi::PyObject {
    let Some(d) = data(this) else {
        return std::ptr::null_mut();
    };
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
    let Some(d) = data(this) else {
        return std::ptr::null_mut();
    };
    slot::object(|gil, env| {
        let args = gil.borrowed(args)?;
        // SAFETY: kwargs is null or a dict.
        let has_kwargs = !kwargs.is_null() && unsafe { ffi::PyDict_Size(kwargs) } > 0;
        let py_methods = d.overloads.iter().filter(|o| o.py_method.is_some()).count();
        // Without keyword arguments a plain overload is preferred (as in Jep);
        // @PyMethod overloads are tried when none takes the arguments.
        let plain_first = !has_kwargs && py_methods < d.overloads.len();
        let plain_failure = if plain_first {
            match invoke(gil, env, d, &args) {
                Ok(result) => return Ok(result.into_ptr()),
                Err(Failure::Core(err)) if py_methods > 0 => Some(err),
                Err(other) => return Err(other),
            }
        } else {
            None
        };
        if py_methods > 0 {
            let kwargs = if kwargs.is_null() {
                None
            } else {
                Some(gil.borrowed(kwargs)?)
            };
            if let Some(result) = invoke_py_method(gil, env, d, &args, kwargs.as_ref())? {
                return Ok(result.into_ptr());
            }
        }
        if let Some(err) = plain_failure {
            return Err(Failure::Core(err));
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
                // No keyword arguments: Java gets null (as in Jep).
                let map = match kwargs {
                    Some(k) if has_kwargs => k.clone_ref(),
                    _ => gil.none(),
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
            Ok(()) => return call_overload(gil, env, d, overload, receiver, &values).map(Some),
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
    let c = cache()?;
    // SAFETY: args is a tuple; items are borrowed for the call.
    let items: Vec<*mut ffi::PyObject> = unsafe {
        (0..ffi::PyTuple_GET_SIZE(args.as_ptr()))
            .map(|i| ffi::PyTuple_GET_ITEM(args.as_ptr(), i))
            .collect()
    };
    let classified = items
        .iter()
        .map(|&item| classify::classify(env, state, item))
        .collect::<JResult<Vec<_>>>()?;
    // SAFETY: reading the types (and ndarray dtypes) of live objects; we hold the GIL.
    let key: Vec<usize> = items
        .iter()
        .map(|&item| unsafe {
            // krait numpy hook: ndarrays are told apart by dtype
            crate::jni::numpy::overload_key(item).unwrap_or(ffi::Py_TYPE(item) as usize)
        })
        .collect();
    let remembered = d.chosen.borrow().get(&key).copied();
    let mut candidates = candidates(env, c, state, d, &items, &classified);
    if let Some(index) = remembered {
        // Only among the cheapest: the type key does not see an int's size.
        let best = candidates.first().map(|c| c.score);
        if let Some(pos) = candidates
            .iter()
            .position(|c| c.overload == index && Some(c.score) == best)
        {
            let first = candidates.remove(pos);
            candidates.insert(0, first);
        }
    }
    let mut last_error = None;
    for candidate in &candidates {
        let overload = &d.overloads[candidate.overload];
        let first = candidate.first_arg;
        match convert_args(env, c, overload, &items[first..], &classified[first..]) {
            Ok((values, _locals)) => {
                d.chosen.borrow_mut().insert(key, candidate.overload);
                return call_overload(gil, env, d, overload, candidate.receiver, &values);
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

/// The overloads these arguments can be passed to, cheapest first; among
/// equally cheap ones, an overload whose parameter classes are all
/// assignable to another's comes first (the more specific).
fn candidates(
    env: Env<'_>,
    c: &Cache,
    state: &State,
    d: &MethodData,
    items: &[*mut ffi::PyObject],
    classified: &[Classified<'_>],
) -> Vec<Candidate> {
    let receiver = items
        .first()
        .and_then(|&first| to_java::java_ref(state, first));
    let mut found = Vec::new();
    for (index, overload) in d.overloads.iter().enumerate() {
        let (receiver, first_arg) = if overload.is_static || d.constructor {
            (None, 0)
        } else {
            match receiver {
                Some(obj) if env.is_instance(obj, overload.declaring) => (Some(obj), 1),
                _ => continue,
            }
        };
        if let Some(score) = score_args(
            env,
            c,
            overload,
            &items[first_arg..],
            &classified[first_arg..],
        ) {
            found.push(Candidate {
                overload: index,
                receiver,
                first_arg,
                score,
            });
        }
    }
    found.sort_by_key(|c| c.score);
    let mut ordered: Vec<Candidate> = Vec::with_capacity(found.len());
    for candidate in found {
        let more_specific = |other: &Candidate| {
            other.score == candidate.score
                && more_specific(
                    env,
                    &d.overloads[candidate.overload],
                    &d.overloads[other.overload],
                )
        };
        let at = ordered
            .iter()
            .position(more_specific)
            .unwrap_or(ordered.len());
        ordered.insert(at, candidate);
    }
    ordered
}

/// Whether every parameter class of `a` is assignable to the one of `b` at
/// the same position (and they differ somewhere).
fn more_specific(env: Env<'_>, a: &Overload, b: &Overload) -> bool {
    a.params.len() == b.params.len()
        && a.varargs == b.varargs
        && a.params
            .iter()
            .zip(&b.params)
            .all(|(p, q)| env.is_assignable(p.class, q.class))
        && a.params
            .iter()
            .zip(&b.params)
            .any(|(p, q)| !env.same(p.class, q.class))
}

fn score_args(
    env: Env<'_>,
    c: &Cache,
    overload: &Overload,
    items: &[*mut ffi::PyObject],
    classified: &[Classified<'_>],
) -> Option<u32> {
    let params = &overload.params;
    let fixed = if overload.varargs {
        params.len() - 1
    } else {
        params.len()
    };
    if items.len() < fixed || (!overload.varargs && items.len() != fixed) {
        return None;
    }
    let mut total = 0;
    for ((item, arg), param) in items.iter().zip(classified).zip(&params[..fixed]) {
        total += score(env, c, *item, arg, param.target, param.class)?;
    }
    if !overload.varargs {
        return Some(total);
    }
    total += overload::VARARGS;
    let last = &params[fixed];
    // An array (or list) passed as the varargs parameter itself.
    if items.len() == params.len() {
        if let Some(s) = score(
            env,
            c,
            items[fixed],
            &classified[fixed],
            last.target,
            last.class,
        ) {
            return Some(total + s);
        }
    }
    let (element, element_class) = last.element?;
    for (item, arg) in items[fixed..].iter().zip(&classified[fixed..]) {
        total += score(env, c, *item, arg, element, element_class)?;
    }
    Some(total)
}

/// How well one classified argument fits a parameter (see [`overload::score`]).
fn score(
    env: Env<'_>,
    c: &Cache,
    item: *mut ffi::PyObject,
    arg: &Classified<'_>,
    target: Target,
    class: jobject,
) -> Option<u32> {
    // SAFETY: scoring runs inside a slot, with the GIL held; `item` is live. (krait numpy hook)
    let numpy = unsafe {
        crate::jni::numpy::score(item, target, |plain| {
            let plain = Classified::plain(classify::kind(plain));
            overload::score(plain.arg, target, &|| plain.fits(env, c, class))
        })
    };
    if let Some(score) = numpy {
        return score;
    }
    overload::score(arg.arg, target, &|| arg.fits(env, c, class))
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
    c: &Cache,
    overload: &Overload,
    items: &[*mut ffi::PyObject],
    classified: &[Classified<'_>],
) -> JResult<Converted<'env>> {
    // SAFETY: argument conversion runs inside a slot, with the GIL held.
    let gil = unsafe { Gil::assume() };
    let mut values = Vec::with_capacity(overload.params.len());
    let mut locals = Vec::new();
    let params = &overload.params;
    let last = params.len().wrapping_sub(1);
    let packs_varargs = overload.varargs
        && !(items.len() == params.len()
            && score(
                env,
                c,
                items[last],
                &classified[last],
                params[last].target,
                params[last].class,
            )
            .is_some());
    let fixed = if packs_varargs { last } else { params.len() };
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

/// Calls one overload; a constructor's new object is returned as the Java
/// object itself (`Integer(5)` is a Java `Integer`, as in Jep), a method's
/// result by the usual conversion.
fn call_overload<'py>(
    gil: Gil<'py>,
    env: Env<'_>,
    d: &MethodData,
    overload: &Overload,
    receiver: Option<jobject>,
    args: &[jvalue],
) -> JResult<PyRef<'py>> {
    let a = args.as_ptr();
    let (id, cls) = (overload.id, overload.declaring);
    // SAFETY: called from a slot holding the GIL; the Java call below touches
    // no Python object (its arguments were converted already, and the
    // receiver and classes are kept alive by the caller's references).
    let released = |call: &dyn Fn() -> jobject| unsafe { crate::core::without_gil(call) };
    let object = match overload.ret {
        Ret::Object if d.constructor => {
            let obj = released(&|| jni_call!(env, v1_2, NewObjectA, cls, id, a));
            env.check()?;
            let obj = env.non_null(obj, "a new object")?;
            let c = cache()?;
            if env.is_instance(obj.as_raw(), c.class.abstract_nd_array) {
                // krait numpy hook: a new NDArray is its ndarray.
                return to_python::to_python(env, gil, obj.as_raw());
            }
            return crate::jni::types::class::wrap_object(gil, env, obj.as_raw());
        }
        Ret::Object => released(&|| match receiver {
            Some(obj) => jni_call!(env, v1_2, CallObjectMethodA, obj, id, a),
            None => jni_call!(env, v1_2, CallStaticObjectMethodA, cls, id, a),
        }),
        Ret::Void => {
            released(&|| {
                match receiver {
                    Some(obj) => jni_call!(env, v1_2, CallVoidMethodA, obj, id, a),
                    None => jni_call!(env, v1_2, CallStaticVoidMethodA, cls, id, a),
                }
                std::ptr::null_mut()
            });
            env.check()?;
            return Ok(gil.none());
        }
        Ret::Prim(prim) => {
            // SAFETY: `id` is a method of the receiver (or a static method of
            // `cls`) returning `prim`; `args` were converted for its
            // parameters; the GIL is released as above.
            let value =
                unsafe { crate::core::without_gil(|| prim.call(env, receiver, cls, id, args))? };
            return Ok(prim.to_python(gil, value)?);
        }
    };
    let obj = env.local(object)?;
    env.check()?;
    to_python::to_python(
        env,
        gil,
        obj.as_ref().map_or(std::ptr::null_mut(), |o| o.as_raw()),
    )
}
