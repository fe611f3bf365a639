//! Boxing the default conversions' results without a Java call: `Long` and
//! `Boolean` values that `valueOf` would take from its cache are the very
//! same objects (global references made once from `valueOf`), and other
//! `Long`s and every `Double` (which `valueOf` allocates anew anyway) are
//! allocated and their `value` field set through cached field IDs.

use jni::sys::{jdouble, jlong, jobject};

use super::cache::{Cache, Classes, Methods};
use super::env::{jni_call, Env, JResult, Local};

/// The smallest `long` that `Long.valueOf` returns from its cache.
const SMALL_MIN: jlong = -128;
/// The largest (the JLS fixes this range for `Long`; only `Integer`'s grows).
const SMALL_MAX: jlong = 127;

/// Global references to the boxes `valueOf` caches.
pub struct Boxes {
    /// `Long.valueOf(v)` for `v` in `SMALL_MIN..=SMALL_MAX`, in order.
    small_longs: Vec<jobject>,
    /// `Boolean.FALSE`, `Boolean.TRUE`.
    booleans: [jobject; 2],
}

impl Boxes {
    /// Asks `valueOf` once for every cached box.
    pub(super) fn load(env: Env<'_>, class: &Classes, method: &Methods) -> JResult<Boxes> {
        let mut small_longs = Vec::with_capacity((SMALL_MAX - SMALL_MIN + 1) as usize);
        for v in SMALL_MIN..=SMALL_MAX {
            let boxed = env
                .call_static_object(
                    class.long,
                    method.long_value_of,
                    &[jni::sys::jvalue { j: v }],
                )?
                .ok_or_else(|| super::env::Failure::conversion("Long.valueOf returned null"))?;
            small_longs.push(env.new_global(boxed.as_raw()));
        }
        let mut booleans = [std::ptr::null_mut(); 2];
        for (slot, z) in booleans.iter_mut().zip([false, true]) {
            let boxed = env
                .call_static_object(
                    class.boolean,
                    method.boolean_value_of,
                    &[jni::sys::jvalue { z }],
                )?
                .ok_or_else(|| super::env::Failure::conversion("Boolean.valueOf returned null"))?;
            *slot = env.new_global(boxed.as_raw());
        }
        Ok(Boxes {
            small_longs,
            booleans,
        })
    }
}

/// `Long.valueOf(v)`.
pub fn long<'env>(env: Env<'env>, c: &Cache, v: jlong) -> JResult<Local<'env>> {
    if (SMALL_MIN..=SMALL_MAX).contains(&v) {
        let cached = c.boxes.small_longs[(v - SMALL_MIN) as usize];
        return env.non_null(env.new_local(cached), "a cached Long");
    }
    let boxed = allocate(env, c.class.long)?;
    jni_call!(
        env,
        v1_2,
        SetLongField,
        boxed.as_raw(),
        c.field.long_value,
        v
    );
    Ok(boxed)
}

/// `Double.valueOf(v)`.
pub fn double<'env>(env: Env<'env>, c: &Cache, v: jdouble) -> JResult<Local<'env>> {
    let boxed = allocate(env, c.class.double)?;
    jni_call!(
        env,
        v1_2,
        SetDoubleField,
        boxed.as_raw(),
        c.field.double_value,
        v
    );
    Ok(boxed)
}

/// `Boolean.valueOf(z)`.
pub fn boolean<'env>(env: Env<'env>, c: &Cache, z: bool) -> JResult<Local<'env>> {
    let cached = c.boxes.booleans[usize::from(z)];
    env.non_null(env.new_local(cached), "a cached Boolean")
}

/// A new, not yet initialized instance of a box class.
fn allocate<'env>(env: Env<'env>, class: jobject) -> JResult<Local<'env>> {
    let obj = jni_call!(env, v1_2, AllocObject, class);
    env.non_null(obj, "a new box")
}
