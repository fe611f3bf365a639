//! `jep.jarray(size, typecode | class [, fill])`: a new Java array of a
//! primitive kind (type code, or a primitive `Class` such as `Integer.TYPE`)
//! or of a class; `void` and bad sizes are refused with a message naming them.

use jni::sys::jobject;
use pyo3::ffi;

use super::array::{self, JArray};
use crate::core::{Error, Gil, PyRef};
use crate::jni::cache::cache;
use crate::jni::env::{Env, Failure, JResult};
use crate::jni::module::State;
use crate::jni::primitive::Prim;

/// `jep.jarray(size, typecode | class [, fill])`: a new Java array.
pub fn jarray<'py>(
    gil: Gil<'py>,
    env: Env<'_>,
    state: &State,
    args: &[*mut ffi::PyObject],
) -> JResult<PyRef<'py>> {
    let usage = || {
        Failure::Core(Error::Conversion(
            "jarray(size, typecode or Java class[, fill])".into(),
        ))
    };
    if args.len() < 2 || args.len() > 3 {
        return Err(usage());
    }
    let size = array::index_of(args[0]).filter(|n| (0..=i32::MAX as isize).contains(n));
    // SAFETY: clear a failed index conversion, if any.
    unsafe { ffi::PyErr_Clear() };
    let size = size.ok_or_else(|| {
        Failure::conversion(format!(
            "jarray: the size must be an int from 0 to {}, not {}",
            i32::MAX,
            gil.borrowed(args[0])
                .map(|v| v.str_lossy())
                .unwrap_or_default()
        ))
    })? as i32;
    let c = cache()?;
    let array = match element_kind(gil, env, state, args[1])? {
        ElementKind::Prim(prim) => prim.new_array(env, size)?,
        ElementKind::Class(class) => {
            env.new_object_array(size as usize, class.unwrap_or(c.class.object))?
        }
    };
    let wrapped = array::wrap(gil, env, state, array.as_raw())?;
    if let Some(&fill) = args.get(2) {
        // SAFETY: `wrap` made a PyJArray with the JArray layout.
        let a = unsafe { &*wrapped.as_ptr().cast::<JArray>() };
        for k in 0..size as ffi::Py_ssize_t {
            array::set(gil, env, a, k, fill)?;
        }
    }
    Ok(wrapped)
}

enum ElementKind {
    Prim(Prim),
    Class(Option<jobject>),
}

fn element_kind(
    gil: Gil<'_>,
    env: Env<'_>,
    state: &State,
    spec: *mut ffi::PyObject,
) -> JResult<ElementKind> {
    let c = cache()?;
    // SAFETY: type checks of a live object.
    unsafe {
        if ffi::PyLong_Check(spec) != 0 {
            let id = ffi::PyLong_AsLong(spec);
            return Ok(match id {
                0 => ElementKind::Prim(Prim::Boolean),
                1 => ElementKind::Prim(Prim::Int),
                2 => ElementKind::Prim(Prim::Long),
                3 => ElementKind::Class(None),
                4 => ElementKind::Class(Some(c.class.string)),
                6 => ElementKind::Prim(Prim::Double),
                7 => ElementKind::Prim(Prim::Short),
                8 => ElementKind::Prim(Prim::Float),
                10 => ElementKind::Prim(Prim::Char),
                11 => ElementKind::Prim(Prim::Byte),
                _ => {
                    return Err(Failure::Core(Error::Conversion(format!(
                        "jarray: unknown type code {id}"
                    ))))
                }
            });
        }
        if ffi::PyUnicode_Check(spec) != 0 {
            let code = gil.borrowed(spec)?.text_lossy();
            return Ok(match code.as_str() {
                "z" => ElementKind::Prim(Prim::Boolean),
                "b" => ElementKind::Prim(Prim::Byte),
                "c" => ElementKind::Prim(Prim::Char),
                "s" => ElementKind::Prim(Prim::Short),
                "i" => ElementKind::Prim(Prim::Int),
                "j" => ElementKind::Prim(Prim::Long),
                "f" => ElementKind::Prim(Prim::Float),
                "d" => ElementKind::Prim(Prim::Double),
                "t" => ElementKind::Class(Some(c.class.string)),
                "o" => ElementKind::Class(None),
                other => {
                    return Err(Failure::Core(Error::Conversion(format!(
                        "jarray: unknown type code {other:?}"
                    ))))
                }
            });
        }
    }
    let class = super::class::java_class_of(gil, env, state, spec)?;
    if let Some(prim) = Prim::of_class(env, c, class.as_raw()) {
        return Ok(ElementKind::Prim(prim));
    }
    if env.same(class.as_raw(), c.class.prim_void) {
        return Err(Failure::conversion(
            "jarray: void is not an element type (Void.TYPE cannot have arrays)",
        ));
    }
    Ok(ElementKind::Class(Some(class.into_raw())))
}
