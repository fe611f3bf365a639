//! Reporting failures to Java: Python's errors as `jep.JepException` with
//! Python's traceback frames above the Java frames of the stack trace, krait's
//! other error kinds as their `krait.*Exception` (all `JepException`s).

use jni::sys::jvalue;

use super::cache::cache;
use super::env::{jni_call, jobj, Env, JResult};
use super::strings;
use super::types::throwable::JavaThrowable;
use crate::core::{Error, Frame};

/// Throws the Java exception for `err` (best effort: if even that fails,
/// whatever Java exception the failure raised stays pending): a `JepException`
/// for a Python error, else the exception of its kind ([`throw_kind`]).
///
/// A Python exception mirroring a `JepException` (Java called Python, which
/// failed, through Python code that called that Java) is not wrapped again:
/// the new `JepException` keeps its message and its cause, so mutual
/// recursion ends in one short message, not one prefix per level.
pub fn throw_error(env: Env<'_>, err: &Error) {
    let Error::Python(exc) = err else {
        let _ = throw_kind(env, err);
        return;
    };
    let frames: &[Frame] = &exc.frames;
    let cause = exc
        .cause
        .as_ref()
        .and_then(|cause| cause.0.downcast_ref::<JavaThrowable>())
        .map_or(std::ptr::null_mut(), |t| t.0);
    if let Ok(c) = cache() {
        if env.is_instance(cause, c.class.jep_exception) {
            // The JepException's own message: Python's text of it is Java's
            // toString(), which would add a "jep.JepException: " prefix per level.
            let inner = env.call_object(cause, c.method.throwable_get_cause, &[]);
            let message = env.call_object(cause, c.method.throwable_get_message, &[]);
            if let (Ok(inner), Ok(message)) = (inner, message) {
                let inner_raw = inner.as_ref().map_or(std::ptr::null_mut(), |i| i.as_raw());
                let text = match &message {
                    Some(m) => strings::to_rust(env, m.as_raw(), "message").ok(),
                    None => None,
                };
                let text = text.as_deref().unwrap_or(&exc.text);
                let _ = throw_jep_exception_caused(env, text, frames, inner_raw);
                return;
            }
            jni_call!(env, v1_2, ExceptionClear);
        }
    }
    let _ = throw_jep_exception_caused(env, &err.to_string(), frames, cause);
}

/// Throws the exception of a krait error kind, whose fault it names:
/// `krait.UsageException` (the caller's), `krait.ConversionException` (a value),
/// `krait.WrongThreadException` (the thread), `krait.InternalException` (krait's).
fn throw_kind(env: Env<'_>, err: &Error) -> JResult<()> {
    let c = cache()?;
    let (class, constructor) = match err {
        Error::Usage(_) => (c.class.usage_exception, c.method.usage_exception_new),
        Error::Conversion(_) => (
            c.class.conversion_exception,
            c.method.conversion_exception_new,
        ),
        Error::InvalidThread => (
            c.class.wrong_thread_exception,
            c.method.wrong_thread_exception_new,
        ),
        Error::Internal(_) => (c.class.internal_exception, c.method.internal_exception_new),
        Error::Python(_) => (c.class.jep_exception, c.method.jep_exception_new),
    };
    let text = strings::from_rust(env, &err.to_string())?;
    let exception = env.new_object(class, constructor, &[jobj(text.as_raw())])?;
    env.throw(exception.as_raw());
    Ok(())
}

fn throw_jep_exception_caused(
    env: Env<'_>,
    message: &str,
    frames: &[Frame],
    cause: jni::sys::jobject,
) -> JResult<()> {
    let c = cache()?;
    let text = strings::from_rust(env, message)?;
    let exception = if cause.is_null() {
        env.new_object(
            c.class.jep_exception,
            c.method.jep_exception_new,
            &[jobj(text.as_raw())],
        )?
    } else {
        env.new_object(
            c.class.jep_exception,
            c.method.jep_exception_new_cause,
            &[jobj(text.as_raw()), jobj(cause)],
        )?
    };
    if !frames.is_empty() {
        prepend_frames(env, exception.as_raw(), frames)?;
    }
    env.throw(exception.as_raw());
    Ok(())
}

fn prepend_frames(env: Env<'_>, exception: jni::sys::jobject, frames: &[Frame]) -> JResult<()> {
    let c = cache()?;
    let m = &c.method;
    let java = env.call_object(exception, m.throwable_get_stack_trace, &[])?;
    let java_len = java
        .as_ref()
        .map_or(0, |j| env.array_length(j.as_raw()) as usize);
    let all = env.new_object_array(frames.len() + java_len, c.class.stack_trace_element)?;
    for (index, frame) in frames.iter().enumerate() {
        let file_name = frame.file.rsplit('/').next().unwrap_or(&frame.file);
        let module = file_name.strip_suffix(".py").unwrap_or(file_name);
        let module = strings::from_rust(env, module)?;
        let function = strings::from_rust(env, &frame.function)?;
        let file = strings::from_rust(env, file_name)?;
        let element = env.new_object(
            c.class.stack_trace_element,
            m.stack_trace_element_new,
            &[
                jobj(module.as_raw()),
                jobj(function.as_raw()),
                jobj(file.as_raw()),
                jvalue { i: frame.line },
            ],
        )?;
        env.set_array_element(all.as_raw(), index, element.as_raw())?;
    }
    if let Some(java) = &java {
        for index in 0..java_len {
            let element = env.array_element(java.as_raw(), index as i32)?;
            let raw = element
                .as_ref()
                .map_or(std::ptr::null_mut(), |e| e.as_raw());
            env.set_array_element(all.as_raw(), frames.len() + index, raw)?;
        }
    }
    let result = jni::sys::jvalue { l: all.as_raw() };
    super::env::jni_call!(
        env,
        v1_2,
        CallVoidMethodA,
        exception,
        m.throwable_set_stack_trace,
        &result
    );
    env.check()
}
