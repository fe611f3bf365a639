//! The native methods behind `Interpreter.invoke` (see docs/native-contract.md):
//! the callable is named by a slot the jar bound once (`bindName`) and the
//! binding's tag, never by the name's text; arguments that are all primitives (boxes, unboxed by the
//! jar) or null cross as `long`s, without one JNI call each; and a result that
//! is `None`, a `bool`, an `int` that fits a `long` or a `float` goes back as
//! a kind and a value in the caller's result buffer, boxed by the jar.

use jni::sys::{jclass, jint, jlong, jobject, jobjectArray, jstring, jvalue, JNIEnv};

use super::entry::{entry, interpreter};
use super::env::{jni_call, Env, Failure, JResult, Local};
use super::primitive::Prim;
use super::to_java::{self, Unboxed};
use super::{strings, to_python};
use crate::core::{Error, Gil, PyRef};

/// How many primitive arguments `invokePrimitive` takes.
const PRIMITIVE_ARGS: usize = 4;

/// `static native int bindName(long handle, int slot, String name)`: the tag of the binding.
#[unsafe(no_mangle)]
pub extern "system" fn Java_jep_KraitNative_bindName(
    raw: *mut JNIEnv,
    _cls: jclass,
    handle: jlong,
    slot: jint,
    name: jstring,
) -> jint {
    entry(raw, 0, |env| {
        let interp = interpreter(handle)?;
        let attached = interp.enter()?;
        let name = strings::to_rust(env, name, "function name")?;
        let tag = attached.bind_name(slot_index(slot), &name)?;
        Ok(jint::try_from(tag).unwrap_or_default())
    })
}

/// `static native Object invoke(long handle, int slot, int tag, Object[] args, Map kwargs, long result)`
#[allow(clippy::too_many_arguments)]
#[unsafe(no_mangle)]
pub extern "system" fn Java_jep_KraitNative_invoke(
    raw: *mut JNIEnv,
    _cls: jclass,
    handle: jlong,
    slot: jint,
    tag: jint,
    args: jobjectArray,
    kwargs: jobject,
    result: jlong,
) -> jobject {
    entry(raw, std::ptr::null_mut(), |env| {
        call(env, handle, (slot, tag), result, |gil, callable| {
            if kwargs.is_null() {
                return to_python::call(env, gil, callable, args);
            }
            let args = to_python::args_tuple(env, gil, args)?;
            let kwargs = to_python::kwargs_dict(env, gil, kwargs)?;
            Ok(callable.call(&args, kwargs.as_ref())?)
        })
    })
}

/// `static native Object invoke0(long handle, int slot, int tag, long result)`: no arguments.
#[unsafe(no_mangle)]
pub extern "system" fn Java_jep_KraitNative_invoke0(
    raw: *mut JNIEnv,
    _cls: jclass,
    handle: jlong,
    slot: jint,
    tag: jint,
    result: jlong,
) -> jobject {
    entry(raw, std::ptr::null_mut(), |env| {
        call(env, handle, (slot, tag), result, |_gil, callable| {
            Ok(callable.call_vector(&[])?)
        })
    })
}

/// `static native Object invokePrimitive(long handle, int slot, int tag, int kinds, long a0, long a1, long a2, long a3, long result)`
#[allow(clippy::too_many_arguments)]
#[unsafe(no_mangle)]
pub extern "system" fn Java_jep_KraitNative_invokePrimitive(
    raw: *mut JNIEnv,
    _cls: jclass,
    handle: jlong,
    slot: jint,
    tag: jint,
    kinds: jint,
    a0: jlong,
    a1: jlong,
    a2: jlong,
    a3: jlong,
    result: jlong,
) -> jobject {
    entry(raw, std::ptr::null_mut(), |env| {
        let (kinds, count) = decode_kinds(kinds).map_err(|e| Failure::Core(Error::Internal(e)))?;
        let bits = [a0, a1, a2, a3];
        let mut args = [(None, jvalue { j: 0 }); PRIMITIVE_ARGS];
        for (arg, (kind, bits)) in args.iter_mut().zip(kinds.into_iter().zip(bits)) {
            *arg = (
                kind,
                kind.map_or(jvalue { j: 0 }, |prim| prim.value_of_bits(bits)),
            );
        }
        call(env, handle, (slot, tag), result, |gil, callable| {
            to_python::call_primitives(gil, callable, &args[..count])
        })
    })
}

/// `static native long bufferAddress(java.nio.ByteBuffer buffer)`: the address
/// of a direct buffer (the jar's result buffer, passed to every invoke).
#[unsafe(no_mangle)]
pub extern "system" fn Java_jep_KraitNative_bufferAddress(
    raw: *mut JNIEnv,
    _cls: jclass,
    buffer: jobject,
) -> jlong {
    entry(raw, 0, |env| {
        let capacity = jni_call!(env, v1_4, GetDirectBufferCapacity, buffer);
        let address = jni_call!(env, v1_4, GetDirectBufferAddress, buffer);
        if address.is_null() || capacity < RESULT_BYTES {
            return Err(Error::Usage(format!(
                "the result buffer must be a direct buffer of at least {RESULT_BYTES} bytes"
            ))
            .into());
        }
        Ok(address as jlong)
    })
}

/// The result kind telling the jar to bind the name again and call again.
const REBOUND: i64 = -1;

/// Bytes of a result buffer: the kind, then the value, as two native-order `long`s.
const RESULT_BYTES: jlong = 16;

/// A slot number from the jar as an index (a negative one is refused like one
/// past the end).
fn slot_index(slot: jint) -> usize {
    usize::try_from(slot).unwrap_or(usize::MAX)
}

/// Calls the callable bound to a slot (with a tag) with the arguments `args`
/// makes, and delivers the result through the result buffer at `result` or as
/// an object.
fn call<'env>(
    env: Env<'env>,
    handle: jlong,
    (slot, tag): (jint, jint),
    result: jlong,
    args: impl for<'py> FnOnce(Gil<'py>, &PyRef<'py>) -> JResult<PyRef<'py>>,
) -> JResult<jobject> {
    let interp = interpreter(handle)?;
    let outcome = {
        let attached = interp.enter()?;
        let tag = u32::try_from(tag).unwrap_or_default();
        let callable = attached.resolve_slot(slot_index(slot), tag)?;
        let outcome = match &callable {
            Some(callable) => {
                let value = args(attached.gil(), callable)?;
                outcome(env, &value)?
            }
            None => Outcome::Rebound,
        };
        outcome
    };
    // Written only now: releasing the callable (or leaving) may run Python
    // code that calls Java, which may invoke again and use the buffer.
    deliver(outcome, result)
}

/// What a call returned, as the jar gets it.
enum Outcome<'env> {
    /// A Java object (of the default conversion).
    Object(Local<'env>),
    /// `null` or a primitive, through the result buffer.
    Unboxed(Unboxed),
    /// Nothing was called: the slot was bound anew since the jar bound it.
    Rebound,
}

/// The default conversion of a call's result (as `to_java` with target `Object`).
fn outcome<'env>(env: Env<'env>, value: &PyRef<'_>) -> JResult<Outcome<'env>> {
    if let Some(unboxed) = to_java::unboxed(value) {
        return Ok(Outcome::Unboxed(unboxed));
    }
    Ok(match to_java::to_java(env, value, std::ptr::null_mut())? {
        Some(java) => Outcome::Object(java),
        None => Outcome::Unboxed(Unboxed::Null),
    })
}

/// Returns an object result, or writes an unboxed one (kind: 0 for `null`, else
/// [`Prim::code`]; value: [`Prim::bits`]) to the result buffer and returns null
/// (kind [`REBOUND`] when nothing was called).
fn deliver(outcome: Outcome<'_>, result: jlong) -> JResult<jobject> {
    let (kind, bits) = match outcome {
        Outcome::Object(java) => return Ok(java.into_raw()),
        Outcome::Rebound => (REBOUND, 0),
        Outcome::Unboxed(Unboxed::Null) => (0, 0),
        Outcome::Unboxed(Unboxed::Value(prim, value)) => (i64::from(prim.code()), prim.bits(value)),
    };
    let buffer = result as *mut i64;
    if buffer.is_null() {
        return Err(Error::Internal("no result buffer".into()).into());
    }
    // SAFETY: the jar passes the address of its own direct buffer of
    // RESULT_BYTES bytes (from bufferAddress), alive while it calls.
    unsafe {
        buffer.write_unaligned(kind);
        buffer.add(1).write_unaligned(bits);
    }
    Ok(std::ptr::null_mut())
}

/// The argument kinds packed by the jar: the count in the low 4 bits, then 4
/// bits per argument (0 `null`, else a [`Prim::code`]); bits past the count are 0.
fn decode_kinds(kinds: jint) -> Result<([Option<Prim>; PRIMITIVE_ARGS], usize), String> {
    let count = (kinds & 0xF) as usize;
    let bad = || format!("bad primitive argument kinds {kinds:#x}");
    if count > PRIMITIVE_ARGS || (kinds as u32) >> (4 + 4 * count) != 0 {
        return Err(bad());
    }
    let mut decoded = [None; PRIMITIVE_ARGS];
    for (index, kind) in decoded.iter_mut().enumerate().take(count) {
        let code = ((kinds >> (4 + 4 * index)) & 0xF) as u8;
        if code != 0 {
            *kind = Some(Prim::from_code(code).ok_or_else(bad)?);
        }
    }
    Ok((decoded, count))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_decode_count_and_kinds() {
        assert_eq!(decode_kinds(0), Ok(([None; 4], 0)));
        // (Integer, null, Double): count 3, kinds 5, 0, 8.
        let packed = 3 | (5 << 4) | (8 << 12);
        assert_eq!(
            decode_kinds(packed),
            Ok(([Some(Prim::Int), None, Some(Prim::Double), None], 3))
        );
        let four = 4 | (1 << 4) | (2 << 8) | (3 << 12) | (7 << 16);
        assert_eq!(
            decode_kinds(four),
            Ok((
                [
                    Some(Prim::Boolean),
                    Some(Prim::Byte),
                    Some(Prim::Char),
                    Some(Prim::Float)
                ],
                4
            ))
        );
    }

    #[test]
    fn bad_kinds_are_refused() {
        assert!(decode_kinds(5).is_err());
        assert!(decode_kinds(1 | (9 << 4)).is_err());
        assert!(decode_kinds(1 | (5 << 4) | (5 << 8)).is_err());
        assert!(decode_kinds(-1).is_err());
    }
}
