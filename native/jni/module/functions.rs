//! The native functions of the `jep` module: `findClass`, `jarray`, the
//! Java monitor operations behind `obj.synchronized()` and `_class_object`.

use pyo3::ffi;

use crate::jni::env::Failure;
use crate::jni::types::{class, jarray, object, slot};

/// The method table (static, read by CPython).
pub fn table() -> *mut ffi::PyMethodDef {
    static mut METHODS: [ffi::PyMethodDef; 11] = [
        ffi::PyMethodDef {
            ml_name: c"_iterate".as_ptr(),
            ml_meth: ffi::PyMethodDefPointer { PyCFunction: iterate },
            ml_flags: ffi::METH_O,
            ml_doc: c"_iterate(obj): a Python iterator over a Java Iterable or Iterator.".as_ptr(),
        },
        ffi::PyMethodDef {
            ml_name: c"_import_shared".as_ptr(),
            ml_meth: ffi::PyMethodDefPointer { PyCFunction: import_shared },
            ml_flags: ffi::METH_O,
            ml_doc: c"_import_shared(name): the main interpreter's module, for shared modules.".as_ptr(),
        },
        ffi::PyMethodDef {
            ml_name: c"jproxy".as_ptr(),
            ml_meth: ffi::PyMethodDefPointer { PyCFunction: jproxy },
            ml_flags: ffi::METH_VARARGS,
            ml_doc: c"jproxy(obj, [interface names]): a Java object implementing the interfaces by calling obj's attributes.".as_ptr(),
        },
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
        ffi::PyMethodDef {
            ml_name: c"_class_object".as_ptr(),
            ml_meth: ffi::PyMethodDefPointer {
                PyCFunction: class_object,
            },
            ml_flags: ffi::METH_O,
            ml_doc: c"_class_object(cls): the java.lang.Class object of a Java class's Python class.".as_ptr(),
        },
        ffi::PyMethodDef {
            ml_name: c"_buffer_address".as_ptr(),
            ml_meth: ffi::PyMethodDefPointer {
                PyCFunction: super::address::buffer_address,
            },
            ml_flags: ffi::METH_O,
            ml_doc: c"_buffer_address(obj): the address of the memory obj exports (buffer protocol).".as_ptr(),
        },
        ffi::PyMethodDef {
            ml_name: c"_take_enquirer".as_ptr(),
            ml_meth: ffi::PyMethodDefPointer {
                PyCFunction: take_enquirer,
            },
            ml_flags: ffi::METH_NOARGS,
            ml_doc: c"_take_enquirer(): the ClassEnquirer the interpreter was opened with (once; then None).".as_ptr(),
        },
        ffi::PyMethodDef {
            ml_name: c"_load_rest".as_ptr(),
            ml_meth: ffi::PyMethodDefPointer {
                PyCFunction: load_rest,
            },
            ml_flags: ffi::METH_NOARGS,
            ml_doc: c"_load_rest(): runs the rest of the module's Python half in its namespace.".as_ptr(),
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

unsafe extern "C" fn class_object(
    _module: *mut ffi::PyObject,
    cls: *mut ffi::PyObject,
) -> *mut ffi::PyObject {
    slot::object(|gil, env| {
        let state = super::current(gil)?;
        Ok(class::class_object(gil, env, state, cls)?.into_ptr())
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
        Ok(jarray::jarray(gil, env, state, &tuple_items(args))?.into_ptr())
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
            return Err(Failure::conversion("_monitor(obj, enter)"));
        };
        let obj = object::java_ref(state, target)
            .ok_or_else(|| Failure::conversion("synchronized needs a Java object"))?;
        // SAFETY: truth test of a live object.
        let enter = unsafe { ffi::PyObject_IsTrue(enter) } == 1;
        object::monitor(gil, env, obj, enter)?;
        Ok(gil.none().into_ptr())
    })
}

unsafe extern "C" fn jproxy(
    _module: *mut ffi::PyObject,
    args: *mut ffi::PyObject,
) -> *mut ffi::PyObject {
    slot::object(|gil, env| {
        let state = super::current(gil)?;
        let items = tuple_items(args);
        let usage =
            || Failure::conversion("jproxy(obj, [interface names or Java interface classes])");
        let (Some(&target), Some(&names)) = (items.first(), items.get(1)) else {
            return Err(usage());
        };
        let names = gil.borrowed(names)?;
        // SAFETY: PySequence_Fast makes a list or tuple of the interface names.
        let names = gil.owned(unsafe {
            ffi::PySequence_Fast(
                names.as_ptr(),
                c"jproxy needs a list of interfaces".as_ptr(),
            )
        })?;
        // SAFETY: `names` is a list or tuple.
        let count = unsafe { ffi::PySequence_Fast_GET_SIZE(names.as_ptr()) };
        let c = crate::jni::cache::cache()?;
        let interfaces = env.new_object_array(count as usize, c.class.class)?;
        for index in 0..count {
            // SAFETY: index < count; the item is borrowed from `names`.
            let item = unsafe { ffi::PySequence_Fast_GET_ITEM(names.as_ptr(), index) };
            // SAFETY: type check of a live object.
            let iface = if unsafe { ffi::PyUnicode_Check(item) } != 0 {
                class::find_class(env, state, &gil.borrowed(item)?.str_lossy())?
            } else {
                class::java_class_of(gil, env, state, item)?
            };
            env.set_array_element(interfaces.as_raw(), index as usize, iface.as_raw())?;
        }
        let target = gil.borrowed(target)?;
        let proxy = crate::jni::pyobject::new_proxy(env, &target, interfaces.as_raw())?;
        let proxy = env.non_null(proxy, "a proxy")?;
        // The Java proxy itself (not unwrapped back to `target`), to hand to Java.
        let cls = env.class_of(proxy.as_raw())?;
        let class = class::plain_class(gil, env, state, cls.as_raw())?;
        Ok(object::new_instance(gil, env, &class, proxy.as_raw())?.into_ptr())
    })
}

unsafe extern "C" fn import_shared(
    _module: *mut ffi::PyObject,
    name: *mut ffi::PyObject,
) -> *mut ffi::PyObject {
    slot::object(|gil, _env| {
        let name = gil.borrowed(name)?.str_lossy();
        // SAFETY: the bootstrap only installs the shared importer in legacy
        // sub-interpreters, which run under the main interpreter's GIL.
        Ok(unsafe { crate::core::import_from_main(gil, &name) }?.into_ptr())
    })
}

/// `_take_enquirer()`: the Java `ClassEnquirer` given when the interpreter was
/// opened, converted on first use so that opening builds no Java class.
unsafe extern "C" fn take_enquirer(
    _module: *mut ffi::PyObject,
    _args: *mut ffi::PyObject,
) -> *mut ffi::PyObject {
    slot::object(|gil, env| Ok(super::state::take_enquirer(gil, env)?.into_ptr()))
}

/// `_load_rest()`: the rest of the bootstrap, run on first use (see lazy.py).
unsafe extern "C" fn load_rest(
    module: *mut ffi::PyObject,
    _args: *mut ffi::PyObject,
) -> *mut ffi::PyObject {
    slot::object(|gil, _env| {
        super::load_rest(gil, module)?;
        Ok(gil.none().into_ptr())
    })
}

unsafe extern "C" fn iterate(
    _module: *mut ffi::PyObject,
    obj: *mut ffi::PyObject,
) -> *mut ffi::PyObject {
    slot::object(|gil, env| {
        let state = super::current(gil)?;
        let target = object::java_ref(state, obj)
            .ok_or_else(|| Failure::conversion("_iterate needs a Java object"))?;
        Ok(crate::jni::types::iterator::iterate(gil, env, state, target)?.into_ptr())
    })
}
