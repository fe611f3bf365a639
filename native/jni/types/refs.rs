//! JNI global references held by Python objects.

use jni::sys::jobject;

use crate::jni::env::jni_call;
use crate::jni::vm;

/// Deletes a global reference from whatever thread Python frees it on.
pub fn delete_global(obj: jobject) {
    if obj.is_null() {
        return;
    }
    if let Ok(env) = vm::env() {
        jni_call!(env, v1_2, DeleteGlobalRef, obj);
    }
}
