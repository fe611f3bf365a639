//! libkrait's log records on the JVM: handed to the static Java method
//! `jep.NativeLog.log(int level, String target, String message)`, which passes
//! them to `System.Logger` (loggers under `krait`). The Java side tells the most
//! verbose level it wants through `KraitNative.setLogLevel`.

use std::sync::Arc;

use jni::sys::{jclass, jint, jmethodID, jvalue, JNIEnv};
use log::Level;
use once_cell::sync::OnceCell;

use super::entry::entry;
use super::env::{jni_call, jobj, Env};
use super::{strings, vm};
use crate::core::logging;

/// `jep.NativeLog` (a global reference) and its static `log` method.
struct JavaLog {
    class: jclass,
    method: jmethodID,
}

// SAFETY: a global class reference and a method ID are valid on every thread.
unsafe impl Send for JavaLog {}
// SAFETY: as above.
unsafe impl Sync for JavaLog {}

static JAVA_LOG: OnceCell<JavaLog> = OnceCell::new();

/// `static native void setLogLevel(int level)`: records at `level` (0 off …
/// 5 trace) or more severe go to `jep.NativeLog.log` from now on.
#[unsafe(no_mangle)]
pub extern "system" fn Java_jep_KraitNative_setLogLevel(
    raw: *mut JNIEnv,
    _cls: jclass,
    level: jint,
) {
    entry(raw, (), |env| {
        if JAVA_LOG.get().is_none() {
            let class = env.find_class(c"jep/NativeLog")?;
            let method = env.method_id(
                class.as_raw(),
                c"log",
                c"(ILjava/lang/String;Ljava/lang/String;)V",
                true,
            )?;
            let global = env.new_global(class.as_raw());
            if JAVA_LOG
                .set(JavaLog {
                    class: global,
                    method,
                })
                .is_err()
            {
                jni_call!(env, v1_2, DeleteGlobalRef, global);
            }
        }
        logging::set_sink(Some(Arc::new(to_java)), logging::level_filter(level));
        Ok(())
    })
}

/// Hands one record to Java. Logging must never disturb the work that logs: a
/// Java exception pending on this thread is set aside and thrown again after,
/// and one thrown by the Java logging itself is dropped.
fn to_java(level: Level, target: &str, message: &str) {
    let (Some(java), Ok(env)) = (JAVA_LOG.get(), vm::env()) else {
        return;
    };
    let pending = jni_call!(env, v1_2, ExceptionOccurred);
    if !pending.is_null() {
        jni_call!(env, v1_2, ExceptionClear);
    }
    let _ = env.in_frame(|| call_log(env, java, level, target, message));
    if jni_call!(env, v1_2, ExceptionCheck) {
        jni_call!(env, v1_2, ExceptionClear);
    }
    if !pending.is_null() {
        env.throw(pending);
        jni_call!(env, v1_2, DeleteLocalRef, pending);
    }
}

fn call_log(
    env: Env<'_>,
    java: &JavaLog,
    level: Level,
    target: &str,
    message: &str,
) -> super::env::JResult<()> {
    let target = strings::from_rust(env, target)?;
    let message = strings::from_rust(env, message)?;
    let args = [
        jvalue {
            i: logging::level_code(level),
        },
        jobj(target.as_raw()),
        jobj(message.as_raw()),
    ];
    jni_call!(
        env,
        v1_2,
        CallStaticVoidMethodA,
        java.class,
        java.method,
        args.as_ptr()
    );
    env.check()
}
