//! `PyJObject`: the base type of every wrapped Java object. It holds one JNI
//! global reference, released when Python frees the wrapper; `str`/`repr`,
//! `hash` and `==` call `toString`, `hashCode` and `equals`.

use std::ffi::{c_int, c_void};

use jni::sys::{jobject, jvalue};
use pyo3::ffi;

use super::{refs, slot};
use crate::core::{Error, Gil, PyRef, Result};
use crate::jni::cache::cache;
use crate::jni::env::{jni_call, Env, Failure, JResult};
use crate::jni::module::State;
use crate::jni::strings;

/// The memory layout of a `PyJObject` (and of every wrapped Java class).
#[repr(C)]
pub struct JObject {
    ob_base: ffi::PyObject,
    /// A JNI global reference to the Java object.
    pub obj: jobject,
}

/// Creates the `PyJObject` type for the module being initialized.
pub fn create_type(gil: Gil<'_>, module: *mut ffi::PyObject) -> Result<*mut ffi::PyTypeObject> {
    let mut slots = [
        slot_def(ffi::Py_tp_dealloc, dealloc as *mut c_void),
        slot_def(ffi::Py_tp_repr, repr_slot as *mut c_void),
        slot_def(ffi::Py_tp_str, str_slot as *mut c_void),
        slot_def(ffi::Py_tp_hash, hash as *mut c_void),
        slot_def(ffi::Py_tp_richcompare, richcompare as *mut c_void),
        slot_def(ffi::Py_tp_init, init as *mut c_void),
        slot_def(ffi::Py_tp_methods, methods() as *mut c_void),
        slot_def(ffi::Py_tp_doc, c"A Java object.".as_ptr() as *mut c_void),
        slot_def(0, std::ptr::null_mut()),
    ];
    new_type(
        gil,
        module,
        c"jep.PyJObject",
        std::mem::size_of::<JObject>(),
        // Instances come only from krait (`new_instance`) or a Java class's
        // constructor (`__new__` in its namespace): `jep.PyJObject()` itself, or
        // an interface without constructors, is a TypeError, not a null wrapper.
        ffi::Py_TPFLAGS_BASETYPE | ffi::Py_TPFLAGS_DISALLOW_INSTANTIATION,
        &mut slots,
    )
}

/// A `PyType_Slot`.
pub fn slot_def(slot: c_int, pfunc: *mut c_void) -> ffi::PyType_Slot {
    ffi::PyType_Slot { slot, pfunc }
}

/// Creates a heap type from a spec, owned by `module`. Its instances are
/// tracked by the garbage collector and visit their type (as CPython requires
/// of heap types): otherwise every instance kept in a reference cycle (a
/// method in a class dict) hid its type, and through it the whole `jep`
/// module, from the collector, and each sub-interpreter leaked them on close.
/// `slots` ends with a zero slot and has no `Py_tp_traverse` of its own.
pub fn new_type(
    gil: Gil<'_>,
    module: *mut ffi::PyObject,
    name: &'static std::ffi::CStr,
    basicsize: usize,
    extra_flags: std::ffi::c_ulong,
    slots: &mut [ffi::PyType_Slot],
) -> Result<*mut ffi::PyTypeObject> {
    let mut all: Vec<ffi::PyType_Slot> =
        slots.iter().take_while(|s| s.slot != 0).copied().collect();
    all.push(slot_def(ffi::Py_tp_traverse, traverse_type as *mut c_void));
    all.push(slot_def(0, std::ptr::null_mut()));
    let mut spec = ffi::PyType_Spec {
        name: name.as_ptr(),
        basicsize: basicsize as c_int,
        itemsize: 0,
        flags: (ffi::Py_TPFLAGS_DEFAULT | ffi::Py_TPFLAGS_HAVE_GC | extra_flags) as _,
        slots: all.as_mut_ptr(),
    };
    // SAFETY: the spec and slots are valid for the call (CPython copies them).
    let tp = unsafe { ffi::PyType_FromModuleAndSpec(module, &mut spec, std::ptr::null_mut()) };
    Ok(gil.owned(tp)?.into_ptr().cast())
}

fn methods() -> *mut ffi::PyMethodDef {
    static mut METHODS: [ffi::PyMethodDef; 2] = [
        ffi::PyMethodDef {
            ml_name: c"synchronized".as_ptr(),
            ml_meth: ffi::PyMethodDefPointer {
                PyCFunction: synchronized,
            },
            ml_flags: ffi::METH_NOARGS,
            ml_doc: c"A context manager holding this object's Java monitor.".as_ptr(),
        },
        ffi::PyMethodDef::zeroed(),
    ];
    // The table is only read by CPython.
    std::ptr::addr_of_mut!(METHODS).cast()
}

/// The Java object a wrapper holds, if `value` is a `PyJObject`.
pub fn java_ref(state: &State, value: *mut ffi::PyObject) -> Option<jobject> {
    // SAFETY: type check of a live object.
    if unsafe { ffi::PyObject_TypeCheck(value, state.object_type) } == 0 {
        return None;
    }
    // SAFETY: instances of PyJObject subtypes have the JObject layout.
    let obj = unsafe { (*value.cast::<JObject>()).obj };
    // An instance Python made without a Java object is no Java value.
    (!obj.is_null()).then_some(obj)
}

/// A new wrapper of type `tp` around `obj` (a new global reference is taken).
pub fn new_instance<'py>(
    gil: Gil<'py>,
    env: Env<'_>,
    tp: &PyRef<'py>,
    obj: jobject,
) -> Result<PyRef<'py>> {
    let tp_ptr = tp.as_ptr().cast::<ffi::PyTypeObject>();
    // SAFETY: tp is a PyJObject subtype; generic alloc makes a zeroed instance.
    let instance = gil.owned(unsafe { ffi::PyType_GenericAlloc(tp_ptr, 0) })?;
    let global = jni_call!(env, v1_2, NewGlobalRef, obj);
    if global.is_null() {
        return Err(Error::Internal(
            "could not create a JNI global reference".into(),
        ));
    }
    // SAFETY: the instance has the JObject layout.
    unsafe { (*instance.as_ptr().cast::<JObject>()).obj = global };
    Ok(instance)
}

unsafe extern "C" fn dealloc(this: *mut ffi::PyObject) {
    // SAFETY: `this` is a dying PyJObject.
    unsafe {
        refs::delete_global((*this.cast::<JObject>()).obj);
        free_instance(this);
    }
}

/// `tp_traverse` of our types: an instance refers to its (heap) type.
unsafe extern "C" fn traverse_type(
    this: *mut ffi::PyObject,
    visit: ffi::visitproc,
    arg: *mut c_void,
) -> c_int {
    // SAFETY: CPython passes a live instance; visiting its type as it asks.
    unsafe { visit(ffi::Py_TYPE(this).cast(), arg) }
}

/// Frees the memory of a dying instance of one of our heap types and releases
/// the reference it held to its type.
///
/// # Safety
/// `this` is an instance being deallocated whose other resources are released.
pub unsafe fn free_instance(this: *mut ffi::PyObject) {
    // SAFETY: per the contract; heap-type instances own a reference to their type.
    unsafe {
        ffi::PyObject_GC_UnTrack(this.cast());
        let tp = ffi::Py_TYPE(this);
        if let Some(free) = (*tp).tp_free {
            free(this.cast());
        }
        ffi::Py_DECREF(tp.cast());
    }
}

unsafe extern "C" fn init(
    _this: *mut ffi::PyObject,
    _args: *mut ffi::PyObject,
    _kw: *mut ffi::PyObject,
) -> c_int {
    0
}

/// The Java object of a wrapper; a usage error for an instance Python made
/// without one (`object.__new__` of a Java class).
fn obj_of(this: *mut ffi::PyObject) -> JResult<jobject> {
    // SAFETY: slots of PyJObject receive PyJObject instances.
    let obj = unsafe { (*this.cast::<JObject>()).obj };
    if obj.is_null() {
        return Err(Failure::conversion(
            "this Python object holds no Java object: Java objects come from Java \
             (a constructor or a returned value), not from object.__new__",
        ));
    }
    Ok(obj)
}

/// `toString()` of a Java object as a Python str.
pub fn to_string<'py>(gil: Gil<'py>, env: Env<'_>, obj: jobject) -> JResult<PyRef<'py>> {
    let c = cache()?;
    match env.call_object(obj, c.method.object_to_string, &[])? {
        Some(text) => strings::to_python(env, gil, text.as_raw()),
        None => Ok(gil.str("null")?),
    }
}

unsafe extern "C" fn str_slot(this: *mut ffi::PyObject) -> *mut ffi::PyObject {
    slot::object(|gil, env| Ok(to_string(gil, env, obj_of(this)?)?.into_ptr()))
}

/// Jep's default `repr`: `<java.util.Date object at 0x…>` (a Java `__repr__` method wins).
unsafe extern "C" fn repr_slot(this: *mut ffi::PyObject) -> *mut ffi::PyObject {
    slot::object(|gil, _env| {
        // SAFETY: `this` is a live wrapper; its type is borrowed from it.
        let tp = gil.borrowed(unsafe { ffi::Py_TYPE(this) }.cast())?;
        let name = tp.getattr("java_name")?.str_lossy();
        Ok(gil.str(&format!("<{name} object at {this:p}>"))?.into_ptr())
    })
}

unsafe extern "C" fn hash(this: *mut ffi::PyObject) -> ffi::Py_hash_t {
    slot::run(-1, |_gil, env| {
        let c = cache()?;
        let obj = obj_of(this)?;
        let h = jni_call!(
            env,
            v1_2,
            CallIntMethodA,
            obj,
            c.method.object_hash_code,
            std::ptr::null()
        );
        env.check()?;
        Ok(if h == -1 { -2 } else { h as ffi::Py_hash_t })
    })
}

unsafe extern "C" fn richcompare(
    this: *mut ffi::PyObject,
    other: *mut ffi::PyObject,
    op: c_int,
) -> *mut ffi::PyObject {
    if op != ffi::Py_EQ && op != ffi::Py_NE {
        // SAFETY: returning the NotImplemented singleton with a new reference.
        return unsafe { ffi::Py_NewRef(ffi::Py_NotImplemented()) };
    }
    slot::object(|gil, env| {
        let state = crate::jni::module::current(gil)?;
        let mine = obj_of(this)?;
        let c = cache()?;
        // The Python class of a Java class stands for its java.lang.Class.
        let class = crate::jni::to_java::java_class_type(env, state, other)?;
        let theirs = java_ref(state, other).or(class.as_ref().map(|c| c.as_raw()));
        let equal = match theirs {
            Some(other_obj) => {
                env.call_boolean(mine, c.method.object_equals, &[jvalue { l: other_obj }])?
            }
            None => false,
        };
        let result = if op == ffi::Py_EQ { equal } else { !equal };
        // SAFETY: bool singletons.
        Ok(unsafe { ffi::PyBool_FromLong(result.into()) })
    })
}

/// `obj.synchronized()`: a context manager entering/exiting the Java monitor.
unsafe extern "C" fn synchronized(
    this: *mut ffi::PyObject,
    _args: *mut ffi::PyObject,
) -> *mut ffi::PyObject {
    slot::object(|gil, _env| {
        let state = crate::jni::module::current(gil)?;
        let monitor = state.attr(gil, "_Monitor")?;
        let arg = gil.borrowed(this)?;
        Ok(monitor.call1(&arg)?.into_ptr())
    })
}

/// `Thread.holdsLock(obj)`: whether the calling thread holds `obj`'s monitor.
fn holds_lock(env: Env<'_>, obj: jobject) -> JResult<bool> {
    let thread = env.find_class(c"java/lang/Thread")?;
    let id = env.method_id(
        thread.as_raw(),
        c"holdsLock",
        c"(Ljava/lang/Object;)Z",
        true,
    )?;
    let held = jni_call!(
        env,
        v1_2,
        CallStaticBooleanMethodA,
        thread.as_raw(),
        id,
        [jvalue { l: obj }].as_ptr()
    );
    env.check()?;
    Ok(held)
}

/// `MonitorEnter` (`enter` true) or `MonitorExit` on the wrapped object; an
/// exit without a held monitor is a usage error (`RuntimeError`), not a
/// Java `IllegalMonitorStateException`.
pub fn monitor(gil: Gil<'_>, env: Env<'_>, obj: jobject, enter: bool) -> JResult<()> {
    if !enter && !holds_lock(env, obj)? {
        return Err(Failure::Core(Error::Usage(
            "this thread does not hold the Java object's monitor (exit without a matching enter)"
                .into(),
        )));
    }
    let status = if enter {
        // Waiting for the monitor with the GIL released: its holder may be a
        // Python thread that needs the GIL to reach its exit.
        // SAFETY: called from a slot holding the GIL; MonitorEnter touches no
        // Python object.
        unsafe { crate::core::without_gil(gil, || jni_call!(env, v1_2, MonitorEnter, obj)) }
    } else {
        jni_call!(env, v1_2, MonitorExit, obj)
    };
    env.check()?;
    if status != 0 {
        return Err(Failure::Core(Error::Usage(
            "Java monitor operation failed".into(),
        )));
    }
    Ok(())
}
