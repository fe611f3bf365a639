//! Calls of `@PyMethod` overloads, which take Python's extra positional
//! arguments as an `Object[]` and its keyword arguments as a `Map`.

use pyo3::ffi;

use crate::core::{Gil, PyRef};
use crate::jni::cache::cache;
use crate::jni::env::{Env, Failure, JResult};
use crate::jni::to_java;

use super::resolve::{call_overload, convert_each};
use super::MethodData;

/// Calls the first `@PyMethod` overload that accepts these arguments: leading
/// positional parameters, then an `Object[]` of the rest (varargs), then a
/// `Map` of the keyword arguments (kwargs). `None` when no such overload fits.
pub(super) fn invoke_py_method<'py>(
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
        let mut locals = to_java::Locals::new();
        let mut values = to_java::Values::new();
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
