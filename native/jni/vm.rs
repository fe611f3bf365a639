//! The Java VM, reachable from any thread: Java threads already have a
//! `JNIEnv`; threads Python created are attached as daemons on first use (so
//! they never keep the JVM alive) and detached when they end.

use std::cell::Cell;

use jni::sys::{self, JavaVM, JNI_OK, JNI_VERSION_1_8};
use once_cell::sync::OnceCell;

use super::env::{Env, Failure, JResult};
use crate::core::Error;

struct Vm(*mut JavaVM);

// SAFETY: a JavaVM pointer is valid process-wide and usable from any thread.
unsafe impl Send for Vm {}
// SAFETY: as above.
unsafe impl Sync for Vm {}

static VM: OnceCell<Vm> = OnceCell::new();

thread_local! {
    /// Set when krait attached this thread, so it is detached when the thread ends.
    static ATTACHED_BY_KRAIT: AttachGuard = const { AttachGuard(Cell::new(false)) };
}

struct AttachGuard(Cell<bool>);

impl Drop for AttachGuard {
    fn drop(&mut self) {
        if let (true, Some(vm)) = (self.0.get(), VM.get()) {
            // SAFETY: this thread was attached by us and is ending.
            unsafe { ((**vm.0).v1_2.DetachCurrentThread)(vm.0) };
        }
    }
}

/// Remembers the VM (from `JNI_OnLoad`).
pub fn set(vm: *mut JavaVM) {
    let _ = VM.set(Vm(vm));
}

/// The current thread's `JNIEnv`, attaching the thread as a daemon if needed.
pub fn env<'a>() -> JResult<Env<'a>> {
    let vm = VM
        .get()
        .ok_or_else(|| Failure::Core(Error::Internal("the Java VM is not known".into())))?
        .0;
    let mut raw: *mut std::ffi::c_void = std::ptr::null_mut();
    // SAFETY: vm is the live VM; GetEnv only fills `raw`.
    let status = unsafe { ((**vm).v1_2.GetEnv)(vm, &mut raw, JNI_VERSION_1_8) };
    if status != JNI_OK {
        // SAFETY: attaching the current (unattached) thread as a daemon.
        let status = unsafe {
            ((**vm).v1_4.AttachCurrentThreadAsDaemon)(vm, &mut raw, std::ptr::null_mut())
        };
        if status != JNI_OK || raw.is_null() {
            return Err(Failure::Core(Error::Usage(
                "could not attach this thread to the Java VM".into(),
            )));
        }
        ATTACHED_BY_KRAIT.with(|attached| attached.0.set(true));
    }
    // SAFETY: raw is this thread's valid JNIEnv.
    Ok(unsafe { Env::from_raw(raw.cast::<sys::JNIEnv>()) })
}
