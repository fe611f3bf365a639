//! The JNI front door: `JNI_OnLoad` and the `Java_jep_*` native methods,
//! conversions between Java values and Python objects, and the Python types of
//! Java objects (the per-interpreter `jep` module).

mod bigint;
mod boxes;
mod cache;
mod compact_string;
mod entry;
mod env;
mod interrupts;
mod invoke;
mod logging;
mod module;
mod nesting;
mod numpy;
mod overload;
mod primitive;
mod pyobject;
pub(crate) mod settings;
mod strings;
mod throw;
mod to_java;
mod to_python;
mod types;
mod vm;

use jni::sys::{jint, JavaVM, JNI_ERR, JNI_VERSION_1_8};

/// Called by the JVM when the jar loads libkrait: caches the Java classes krait
/// uses (with the jar's class loader in effect).
#[unsafe(no_mangle)]
pub extern "system" fn JNI_OnLoad(vm: *mut JavaVM, _reserved: *mut std::ffi::c_void) -> jint {
    let loaded = std::panic::catch_unwind(|| {
        let mut raw: *mut std::ffi::c_void = std::ptr::null_mut();
        // SAFETY: `vm` is the VM loading us; GetEnv fills `raw` for this thread.
        let status = unsafe { ((**vm).v1_2.GetEnv)(vm, &mut raw, JNI_VERSION_1_8) };
        if status != 0 || raw.is_null() {
            return false;
        }
        // SAFETY: GetEnv returned this thread's valid JNIEnv.
        let env = unsafe { env::Env::from_raw(raw.cast()) };
        vm::set(vm);
        crate::core::set_cause_finder(types::throwable::find_cause);
        #[cfg(target_os = "android")]
        crate::core::logging::set_sink(None, log::LevelFilter::Info);
        cache::init(env).is_ok()
    });
    match loaded {
        Ok(true) => JNI_VERSION_1_8,
        _ => JNI_ERR,
    }
}
