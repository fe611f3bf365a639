//! Python values as the `jvalue` arguments of JNI calls, field writes and
//! array stores: primitives directly (unboxing Java boxes), references as locals.

use jni::sys::{jobject, jvalue};

use super::wrapped::wrapped_java;
use super::{conversion, convert, scalar, Prim, Target};
use crate::core::PyRef;
use crate::jni::cache::Cache;
use crate::jni::env::{Env, JResult, Local};

/// How many converted arguments [`Values`] and [`Locals`] hold without
/// allocating (most calls have fewer).
const ARGS_INLINE: usize = 4;

/// Converted arguments of a Java call, in order.
pub type Values = smallvec::SmallVec<[jvalue; ARGS_INLINE]>;

/// The local references keeping converted arguments alive until the call.
pub type Locals<'env> = smallvec::SmallVec<[Local<'env>; ARGS_INLINE]>;

/// Converts `value` for a parameter, field or array element of `target`
/// (class `class`): primitives as their `jvalue`, references as a local kept in
/// `locals`.
pub fn to_jvalue<'env>(
    env: Env<'env>,
    c: &Cache,
    value: &PyRef<'_>,
    target: Target,
    class: jobject,
    locals: &mut Locals<'env>,
) -> JResult<jvalue> {
    let (value, target) = crate::jni::numpy::plain(value, target); // krait numpy hook: numpy scalars as numbers
    let value = &value;
    if let Target::Prim(prim) = target {
        return match wrapped_java(value)? {
            None => scalar(value, prim, false).map_err(|err| err.failure(value, prim.name())),
            Some(obj) => unbox(env, c, value, obj, prim),
        };
    }
    match convert(env, c, value, target, class)? {
        Some(local) => {
            let raw = local.as_raw();
            locals.push(local);
            Ok(jvalue { l: raw })
        }
        None => Ok(jvalue {
            l: std::ptr::null_mut(),
        }),
    }
}

/// A Java box object (`Integer`, …) of a Python wrapper as a primitive of `prim`.
fn unbox(env: Env<'_>, c: &Cache, value: &PyRef<'_>, obj: jobject, prim: Prim) -> JResult<jvalue> {
    let (box_class, _) = prim.boxing(c);
    if !env.is_instance(obj, box_class) {
        return Err(conversion(format!(
            "Cannot convert Java {} to {}",
            value.type_name(),
            prim.name()
        )));
    }
    let plain = crate::jni::to_python::to_python(env, value.gil(), obj)?;
    scalar(&plain, prim, false).map_err(|err| err.failure(&plain, prim.name()))
}
