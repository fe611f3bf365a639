//! `PyJField`: a public Java field as a descriptor. Instance fields read and
//! write through the wrapper; static fields through the class (the metaclass
//! routes `Cls.FIELD = v` here) or any instance. Final fields refuse writes.

use std::ffi::{c_int, c_void};

use jni::sys::{jfieldID, jobject, jvalue};
use pyo3::ffi;

use super::object::{new_type, slot_def};
use super::{refs, slot};
use crate::core::{Error, Gil, PyRef, Result};
use crate::jni::cache::cache;
use crate::jni::env::{jni_call, Env, Failure, JResult};
use crate::jni::module::State;
use crate::jni::to_java::{self, Target};
use crate::jni::{strings, to_python};

#[repr(C)]
struct JField {
    ob_base: ffi::PyObject,
    data: *mut FieldData,
}

struct FieldData {
    name: String,
    id: jfieldID,
    class: jobject,
    type_class: jobject,
    /// The element class of an object array type (a global reference), or null.
    component: jobject,
    target: Target,
    is_static: bool,
    is_final: bool,
}

/// Creates the `PyJField` type for the module being initialized.
pub fn create_type(gil: Gil<'_>, module: *mut ffi::PyObject) -> Result<*mut ffi::PyTypeObject> {
    let mut slots = [
        slot_def(ffi::Py_tp_dealloc, dealloc as *mut c_void),
        slot_def(ffi::Py_tp_descr_get, descr_get as *mut c_void),
        slot_def(ffi::Py_tp_descr_set, descr_set as *mut c_void),
        slot_def(ffi::Py_tp_repr, repr as *mut c_void),
        slot_def(ffi::Py_tp_doc, c"A Java field.".as_ptr() as *mut c_void),
        slot_def(0, std::ptr::null_mut()),
    ];
    new_type(
        gil,
        module,
        c"jep.PyJField",
        std::mem::size_of::<JField>(),
        ffi::Py_TPFLAGS_DISALLOW_INSTANTIATION,
        &mut slots,
    )
}

/// A `PyJField` for a reflected `java.lang.reflect.Field`.
pub fn new<'py>(gil: Gil<'py>, env: Env<'_>, state: &State, field: jobject) -> JResult<PyRef<'py>> {
    let c = cache()?;
    let m = &c.method;
    let name = env
        .call_object(field, m.member_name, &[])?
        .ok_or_else(|| Failure::Core(Error::Internal("Field.getName returned null".into())))?;
    let name = strings::to_rust(env, name.as_raw(), "a field name")?;
    let modifiers = jni_call!(
        env,
        v1_2,
        CallIntMethodA,
        field,
        m.field_modifiers,
        std::ptr::null()
    );
    env.check()?;
    let type_class = env
        .call_object(field, m.field_type, &[])?
        .ok_or_else(|| Failure::Core(Error::Internal("Field.getType returned null".into())))?;
    let declaring = env
        .call_object(field, m.executable_declaring_class_member, &[])?
        .ok_or_else(|| {
            Failure::Core(Error::Internal(
                "Field.getDeclaringClass returned null".into(),
            ))
        })?;
    let id = jni_call!(env, v1_2, FromReflectedField, field);
    env.check()?;
    let type_class = env.new_global(type_class.as_raw());
    let (target, component) = match to_java::classify(env, c, type_class)? {
        Target::ObjectArray(component) => {
            let component = env.new_global(component);
            (Target::ObjectArray(component), component)
        }
        other => (other, std::ptr::null_mut()),
    };
    let data = Box::new(FieldData {
        name,
        id,
        class: env.new_global(declaring.as_raw()),
        type_class,
        component,
        target,
        is_static: modifiers & 0x0008 != 0,
        is_final: modifiers & 0x0010 != 0,
    });
    // SAFETY: field_type is our PyJField type; generic alloc zeroes the instance.
    let obj = gil.owned(unsafe { ffi::PyType_GenericAlloc(state.field_type, 0) })?;
    // SAFETY: the instance has the JField layout; it owns `data` from now on.
    unsafe { (*obj.as_ptr().cast::<JField>()).data = Box::into_raw(data) };
    Ok(obj)
}

/// The data of a `PyJField` made by [`new`]; None (with a Python `TypeError`
/// set) for an instance that never got any.
fn data<'a>(this: *mut ffi::PyObject) -> Option<&'a FieldData> {
    // SAFETY: slots of PyJField receive PyJField instances; `data` is null or
    // a box owned by the instance, alive as long as it is.
    let data = unsafe { (*this.cast::<JField>()).data };
    if data.is_null() {
        super::errors::uninitialized(c"PyJField");
        return None;
    }
    // SAFETY: non-null, see above.
    Some(unsafe { &*data })
}

unsafe extern "C" fn repr(this: *mut ffi::PyObject) -> *mut ffi::PyObject {
    let Some(d) = data(this) else {
        return std::ptr::null_mut();
    };
    let text = std::ffi::CString::new(format!("<Java field {}>", d.name)).unwrap_or_default();
    // SAFETY: a NUL-terminated UTF-8 string; we hold the GIL.
    unsafe { ffi::PyUnicode_FromString(text.as_ptr()) }
}

unsafe extern "C" fn dealloc(this: *mut ffi::PyObject) {
    // SAFETY: `this` is a dying PyJField that owns its data box.
    unsafe {
        let raw = (*this.cast::<JField>()).data;
        if !raw.is_null() {
            let data = Box::from_raw(raw);
            refs::delete_global(data.class);
            refs::delete_global(data.type_class);
            refs::delete_global(data.component);
        }
        super::object::free_instance(this);
    }
}

/// The Java object a field is read from, or None for static access; an
/// instance field needs a Java object of its declaring class.
fn holder(
    env: Env<'_>,
    state: &State,
    d: &FieldData,
    obj: *mut ffi::PyObject,
) -> JResult<Option<jobject>> {
    if d.is_static {
        return Ok(None);
    }
    match to_java::java_ref(state, obj) {
        Some(target) if env.is_instance(target, d.class) => Ok(Some(target)),
        found => Err(Failure::Core(Error::Conversion(format!(
            "instance field {} needs a Java object of its class, not {}",
            d.name,
            if found.is_some() {
                "an object of another Java class"
            } else {
                "a Python object"
            }
        )))),
    }
}

unsafe extern "C" fn descr_get(
    this: *mut ffi::PyObject,
    obj: *mut ffi::PyObject,
    _tp: *mut ffi::PyObject,
) -> *mut ffi::PyObject {
    let Some(d) = data(this) else {
        return std::ptr::null_mut();
    };
    // SAFETY: reading the None singleton's address.
    if !d.is_static && (obj.is_null() || obj == unsafe { ffi::Py_None() }) {
        // SAFETY: new reference to ourselves (class access of an instance field).
        return unsafe { ffi::Py_NewRef(this) };
    }
    slot::object(|gil, env| {
        let state = crate::jni::module::current(gil)?;
        let target = holder(env, state, d, obj)?;
        Ok(read(gil, env, d, target)?.into_ptr())
    })
}

fn read<'py>(
    gil: Gil<'py>,
    env: Env<'_>,
    d: &FieldData,
    target: Option<jobject>,
) -> JResult<PyRef<'py>> {
    if let Target::Prim(prim) = d.target {
        // SAFETY: `d.id` is a field of this primitive kind of `target` (or a
        // static field of `d.class`).
        let value = unsafe { prim.get_field(env, target, d.class, d.id)? };
        return Ok(prim.to_python(gil, value)?);
    }
    let obj = match target {
        Some(obj) => jni_call!(env, v1_2, GetObjectField, obj, d.id),
        None => jni_call!(env, v1_2, GetStaticObjectField, d.class, d.id),
    };
    let obj = env.local(obj)?;
    env.check()?;
    to_python::to_python(
        env,
        gil,
        obj.as_ref().map_or(std::ptr::null_mut(), |o| o.as_raw()),
    )
}

unsafe extern "C" fn descr_set(
    this: *mut ffi::PyObject,
    obj: *mut ffi::PyObject,
    value: *mut ffi::PyObject,
) -> c_int {
    let Some(d) = data(this) else {
        return -1;
    };
    slot::run(-1, |gil, env| {
        if value.is_null() {
            return Err(Failure::Core(Error::Conversion(format!(
                "cannot delete Java field {}",
                d.name
            ))));
        }
        if d.is_final {
            return Err(Failure::Core(Error::Conversion(format!(
                "Java field {} is final",
                d.name
            ))));
        }
        let state = crate::jni::module::current(gil)?;
        let target = holder(env, state, d, obj)?;
        let c = cache()?;
        let value = gil.borrowed(value)?;
        let mut locals = to_java::Locals::new();
        let v: jvalue = to_java::to_jvalue(env, c, &value, d.target, d.type_class, &mut locals)?;
        match d.target {
            // SAFETY: `d.id` is a field of this primitive kind; `v` was
            // converted for it.
            Target::Prim(prim) => unsafe { prim.set_field(env, target, d.class, d.id, v)? },
            // SAFETY: a reference field gets the `l` member converted for it.
            _ => match (target, unsafe { v.l }) {
                (Some(obj), l) => jni_call!(env, v1_2, SetObjectField, obj, d.id, l),
                (None, l) => jni_call!(env, v1_2, SetStaticObjectField, d.class, d.id, l),
            },
        }
        env.check()?;
        Ok(0)
    })
}
