//! The native functions of the `jep` module: `findClass`, `jarray` and the
//! Java monitor operations behind `obj.synchronized()`.

use pyo3::ffi;

use crate::jni::types::{array, class, object, slot};

/// The method table (static, read by CPython).
pub fn table() -> *mut ffi::PyMethodDef {
    static mut METHODS: [ffi::PyMethodDef; 4] = [
        ffi::PyMethodDef {
            ml_name: c"findClass".as_ptr(),
            ml_meth: ffi::PyMethodDefPointer {
                PyCFunction: find_class,
            },
            ml_flags: ffi::METH_O,
            ml_doc: c"findClass(name): the Python class of the named Java class.".as_ptr(),
        },
        ffi::PyMethodDef {
            ml_name: c"jarray".as_ptr(),
            ml_meth: ffi::PyMethodDefPointer {
                PyCFunction: jarray,
            },
            ml_flags: ffi::METH_VARARGS,
            ml_doc: c"jarray(size, typecode or Java class[, fill]): a new Java array.".as_ptr(),
        },
        ffi::PyMethodDef {
            ml_name: c"_monitor".as_ptr(),
            ml_meth: ffi::PyMethodDefPointer {
                PyCFunction: monitor,
            },
            ml_flags: ffi::METH_VARARGS,
            ml_doc: c"_monitor(obj, enter): enter or exit a Java object's monitor.".as_ptr(),
        },
        ffi::PyMethodDef::zeroed(),
    ];
    // The table is only read by CPython.
    std::ptr::addr_of_mut!(METHODS).cast()
}

unsafe extern "C" fn find_class(
    _module: *mut ffi::PyObject,
    name: *mut ffi::PyObject,
) -> *mut ffi::PyObject {
    slot::object(|gil, env| {
        let state = super::current(gil)?;
        let name = gil.borrowed(name)?.str_lossy();
        let cls = class::find_class(env, state, &name)?;
        Ok(class::python_class(gil, env, state, cls.as_raw())?.into_ptr())
    })
}

fn tuple_items(args: *mut ffi::PyObject) -> Vec<*mut ffi::PyObject> {
    // SAFETY: METH_VARARGS passes a tuple; items are borrowed for the call.
    unsafe {
        (0..ffi::PyTuple_GET_SIZE(args))
            .map(|i| ffi::PyTuple_GET_ITEM(args, i))
            .collect()
    }
}

unsafe extern "C" fn jarray(
    _module: *mut ffi::PyObject,
    args: *mut ffi::PyObject,
) -> *mut ffi::PyObject {
    slot::object(|gil, env| {
        let state = super::current(gil)?;
        Ok(array::jarray(gil, env, state, &tuple_items(args))?.into_ptr())
    })
}

unsafe extern "C" fn monitor(
    _module: *mut ffi::PyObject,
    args: *mut ffi::PyObject,
) -> *mut ffi::PyObject {
    slot::object(|gil, env| {
        let state = super::current(gil)?;
        let items = tuple_items(args);
        let (Some(&target), Some(&enter)) = (items.first(), items.get(1)) else {
            return Err(crate::jni::env::Failure::Core(
                crate::core::Error::Conversion("_monitor(obj, enter)".into()),
            ));
        };
        let obj = object::java_ref(state, target).ok_or_else(|| {
            crate::jni::env::Failure::Core(crate::core::Error::Conversion(
                "synchronized needs a Java object".into(),
            ))
        })?;
        // SAFETY: truth test of a live object.
        object::monitor(env, obj, unsafe { ffi::PyObject_IsTrue(enter) } == 1)?;
        Ok(gil.none().into_ptr())
    })
}
