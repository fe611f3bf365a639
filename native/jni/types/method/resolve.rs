//! Choosing and calling an overload: every argument is classified once, the
//! overloads that accept them are ranked by `overload::score` (ties: the more
//! specific parameter classes first), and the first whose arguments convert
//! is called, with the GIL released around the Java call.

use jni::sys::{jobject, jvalue};
use pyo3::ffi;

use crate::core::{Error, Gil, PyRef};
use crate::jni::cache::{cache, Cache};
use crate::jni::env::{jni_call, Env, Failure, JResult};
use crate::jni::module::State;
use crate::jni::overload::classify::{self, Classified};
use crate::jni::overload::{self};
use crate::jni::to_java::{self, Target};
use crate::jni::to_python;

use super::key::TypeKey;
use super::{MethodData, Overload, Param, Ret};

/// How a candidate overload would be called.
struct Candidate {
    overload: usize,
    receiver: Option<jobject>,
    first_arg: usize,
    score: u32,
}

/// Calls the overload that best takes `items` (borrowed positional
/// arguments, the receiver first for an instance method).
pub(super) fn invoke<'py>(
    gil: Gil<'py>,
    env: Env<'_>,
    d: &MethodData,
    items: &[*mut ffi::PyObject],
) -> JResult<PyRef<'py>> {
    let state = crate::jni::module::current(gil)?;
    let c = cache()?;
    if let Some(result) = invoke_only_fit(gil, env, state, c, d, items)? {
        return Ok(result);
    }
    let classified = items
        .iter()
        .map(|&item| classify::classify(env, state, item))
        .collect::<JResult<Vec<_>>>()?;
    // SAFETY: reading the types (and ndarray dtypes) of live objects; we hold the GIL.
    let key = TypeKey::new(items.iter().map(|&item| unsafe {
        // krait numpy hook: ndarrays are told apart by dtype
        crate::jni::numpy::overload_key(item).unwrap_or(ffi::Py_TYPE(item) as usize)
    }));
    let remembered = d.chosen.borrow().get(&key).copied();
    let mut candidates = candidates(env, c, state, d, items, &classified);
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
                if remembered != Some(candidate.overload) {
                    d.chosen.borrow_mut().insert(key, candidate.overload);
                }
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

/// Calls the one overload that takes this many arguments, when there is
/// exactly one (and no varargs overload): the ranking below would have only
/// it to choose, so it is skipped. `None` when there is no such overload or
/// the arguments do not fit it (the ranking then reports why, as always).
fn invoke_only_fit<'py>(
    gil: Gil<'py>,
    env: Env<'_>,
    state: &State,
    c: &Cache,
    d: &MethodData,
    items: &[*mut ffi::PyObject],
) -> JResult<Option<PyRef<'py>>> {
    let mut only = None;
    for overload in &d.overloads {
        if overload.varargs {
            return Ok(None);
        }
        let bound = !(overload.is_static || d.constructor);
        if overload.params.len() + usize::from(bound) == items.len() {
            if only.is_some() {
                return Ok(None);
            }
            only = Some(overload);
        }
    }
    let Some(overload) = only else {
        return Ok(None);
    };
    let (receiver, first) = if overload.is_static || d.constructor {
        (None, 0)
    } else {
        match items
            .first()
            .and_then(|&first| to_java::java_ref(state, first))
        {
            Some(obj) if env.is_instance(obj, overload.declaring) => (Some(obj), 1),
            _ => return Ok(None),
        }
    };
    let items = &items[first..];
    // Not varargs, so each argument goes to the parameter at its position:
    // classified and scored one at a time, with no list of classifications.
    for (&item, param) in items.iter().zip(&overload.params) {
        let arg = classify::classify(env, state, item)?;
        if score(env, c, item, &arg, param.target, param.class).is_none() {
            return Ok(None);
        }
    }
    let mut values = to_java::Values::new();
    let mut locals = to_java::Locals::new();
    match convert_each(
        env,
        c,
        gil,
        items,
        &overload.params,
        &mut values,
        &mut locals,
    ) {
        Ok(()) => call_overload(gil, env, d, overload, receiver, &values).map(Some),
        Err(Failure::Core(_)) => Ok(None),
        Err(other) => Err(other),
    }
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

type Converted<'env> = (to_java::Values, to_java::Locals<'env>);

/// Converts each item for the parameter at the same position, appending the
/// values (and the references keeping them alive).
pub(super) fn convert_each<'env>(
    env: Env<'env>,
    c: &crate::jni::cache::Cache,
    gil: Gil<'_>,
    items: &[*mut ffi::PyObject],
    params: &[Param],
    values: &mut to_java::Values,
    locals: &mut to_java::Locals<'env>,
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
    let mut values = to_java::Values::new();
    let mut locals = to_java::Locals::new();
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
pub(super) fn call_overload<'py>(
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
    let released = |call: &dyn Fn() -> jobject| unsafe { crate::core::without_gil(gil, call) };
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
            let value = unsafe {
                crate::core::without_gil(gil, || prim.call(env, receiver, cls, id, args))?
            };
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
