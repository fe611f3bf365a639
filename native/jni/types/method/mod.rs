//! `PyJMethod`: the overloads of one Java method name (or a class's
//! constructors). Calling it picks an overload by the Python argument types —
//! exact primitive/boxed matches first, then widening, then conversion, with
//! varargs last — and remembers the choice per argument-type signature.

use std::cell::RefCell;
use std::ffi::c_void;

use jni::sys::{jmethodID, jobject, jvalue};
use pyo3::ffi;

use super::object::{new_type, slot_def};
use super::{refs, slot};
use crate::core::{Error, Gil, PyRef, Result};
use crate::jni::cache::cache;
use crate::jni::env::{jni_call, Env, Failure, JResult};
use crate::jni::module::State;
use crate::jni::primitive::Prim;
use crate::jni::to_java::{self, Target};
use crate::jni::to_python;

mod call;
mod key;
mod py_method;
mod resolve;

use call::{call, vectorcall};

extern "C" {
    /// CPython's bound-method constructor (not exposed by pyo3-ffi).
    fn PyMethod_New(func: *mut ffi::PyObject, instance: *mut ffi::PyObject) -> *mut ffi::PyObject;
}

/// The memory layout of a `PyJMethod`.
#[repr(C)]
struct JMethod {
    ob_base: ffi::PyObject,
    data: *mut MethodData,
    /// [`vectorcall`], the entry CPython calls (found through `__vectorcalloffset__`).
    vectorcall: Option<ffi::vectorcallfunc>,
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
    chosen: RefCell<key::Choices>,
}

impl MethodData {
    /// Whether attribute access on an instance gives the method itself, not
    /// a bound method: constructors, and names with only static overloads.
    fn unbound(&self) -> bool {
        self.constructor || self.overloads.iter().all(|o| o.is_static)
    }

    /// Whether some overload is a `@PyMethod` (takes extra arguments as such).
    fn has_py_methods(&self) -> bool {
        self.overloads.iter().any(|o| o.py_method.is_some())
    }
}

/// Creates the `PyJMethod` type for the module being initialized: the type
/// of methods with an instance overload. It is a method descriptor (CPython
/// calls `obj.m(args)` as `m(obj, args)`, with no bound method in between)
/// and is called through vectorcall (no argument tuple).
pub fn create_type(gil: Gil<'_>, module: *mut ffi::PyObject) -> Result<*mut ffi::PyTypeObject> {
    make_type(gil, module, std::ptr::null_mut())
}

/// Creates the subtype of `PyJMethod` (`base`) for static methods and
/// constructors: the same slots, but no method descriptor, as `obj.m(args)`
/// must not pass `obj` to them.
pub fn create_static_type(
    gil: Gil<'_>,
    module: *mut ffi::PyObject,
    base: *mut ffi::PyTypeObject,
) -> Result<*mut ffi::PyTypeObject> {
    make_type(gil, module, base)
}

fn make_type(
    gil: Gil<'_>,
    module: *mut ffi::PyObject,
    base: *mut ffi::PyTypeObject,
) -> Result<*mut ffi::PyTypeObject> {
    let mut slots = vec![
        slot_def(ffi::Py_tp_dealloc, dealloc as *mut c_void),
        slot_def(ffi::Py_tp_call, call as *mut c_void),
        slot_def(ffi::Py_tp_descr_get, descr_get as *mut c_void),
        slot_def(ffi::Py_tp_repr, repr as *mut c_void),
        slot_def(ffi::Py_tp_getset, getset() as *mut c_void),
        slot_def(ffi::Py_tp_members, members() as *mut c_void),
        slot_def(
            ffi::Py_tp_doc,
            c"An overloaded Java method or constructor.".as_ptr() as *mut c_void,
        ),
    ];
    let mut flags = ffi::Py_TPFLAGS_DISALLOW_INSTANTIATION | ffi::Py_TPFLAGS_HAVE_VECTORCALL;
    if base.is_null() {
        flags |= ffi::Py_TPFLAGS_BASETYPE | ffi::Py_TPFLAGS_METHOD_DESCRIPTOR;
    } else {
        slots.push(slot_def(ffi::Py_tp_base, base.cast()));
    }
    slots.push(slot_def(0, std::ptr::null_mut()));
    new_type(
        gil,
        module,
        c"jep.PyJMethod",
        std::mem::size_of::<JMethod>(),
        flags,
        &mut slots,
    )
}

fn members() -> *mut ffi::PyMemberDef {
    static mut MEMBERS: [ffi::PyMemberDef; 2] = [
        ffi::PyMemberDef {
            name: c"__vectorcalloffset__".as_ptr(),
            type_code: ffi::Py_T_PYSSIZET,
            offset: std::mem::offset_of!(JMethod, vectorcall) as ffi::Py_ssize_t,
            flags: ffi::Py_READONLY,
            doc: std::ptr::null(),
        },
        ffi::PyMemberDef {
            name: std::ptr::null(),
            type_code: 0,
            offset: 0,
            flags: 0,
            doc: std::ptr::null(),
        },
    ];
    // The table is only read by CPython.
    std::ptr::addr_of_mut!(MEMBERS).cast()
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
        .ok_or_else(|| Failure::Core(Error::Internal("getParameterTypes returned null".into())))?;
    let mut params = Vec::new();
    for index in 0..env.array_length(types.as_raw()) {
        let class = env
            .array_element(types.as_raw(), index)?
            .ok_or_else(|| Failure::Core(Error::Internal("null parameter type".into())))?;
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
        chosen: RefCell::new(key::Choices::default()),
    });
    let tp = if data.unbound() {
        state.static_method_type
    } else {
        state.method_type
    };
    // SAFETY: tp is one of our PyJMethod types; generic alloc zeroes the instance.
    let method = gil.owned(unsafe { ffi::PyType_GenericAlloc(tp, 0) })?;
    // SAFETY: the instance has the JMethod layout; it owns `data` from now on.
    unsafe {
        let this = method.as_ptr().cast::<JMethod>();
        (*this).data = Box::into_raw(data);
        (*this).vectorcall = Some(vectorcall);
    }
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
            .ok_or_else(|| Failure::Core(Error::Internal("getReturnType returned null".into())))?;
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
            .ok_or_else(|| {
                Failure::Core(Error::Internal("getDeclaringClass returned null".into()))
            })?;
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
        if obj.is_null() || obj == ffi::Py_None() || d.unbound() {
            ffi::Py_NewRef(this)
        } else {
            PyMethod_New(this, obj)
        }
    }
}
