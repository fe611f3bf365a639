//! The interrupt methods of `jep.KraitNative`: naming an open interpreter to
//! interrupt, and interrupting it from any thread (see `core::interrupt`).

use jni::sys::{jclass, jint, jlong, JNIEnv};

use super::entry::{entry, interpreter};
use crate::core::{self, InterruptRequest};

/// What `interrupt` answers when an interrupt is on its way.
const SENT: jint = 0;
/// What `interrupt` answers when nothing runs.
const IDLE: jint = 1;
/// What `interrupt` answers when the interpreter is closed.
const CLOSED: jint = 2;

/// The Java answer for a request's outcome.
fn answer(request: InterruptRequest) -> jint {
    match request {
        InterruptRequest::Sent => SENT,
        InterruptRequest::Idle => IDLE,
        InterruptRequest::Closed => CLOSED,
    }
}

/// `static native long interruptKey(long handle)`: on the interpreter's own thread.
#[unsafe(no_mangle)]
pub extern "system" fn Java_jep_KraitNative_interruptKey(
    raw: *mut JNIEnv,
    _cls: jclass,
    handle: jlong,
) -> jlong {
    entry(raw, 0, |_env| {
        let interp = interpreter(handle)?;
        interp.check_thread()?;
        Ok(interp.interrupt_key() as jlong)
    })
}

/// `static native int interrupt(long key)`: from any thread; never waits for a GIL.
#[unsafe(no_mangle)]
pub extern "system" fn Java_jep_KraitNative_interrupt(
    raw: *mut JNIEnv,
    _cls: jclass,
    key: jlong,
) -> jint {
    entry(raw, CLOSED, |_env| Ok(answer(core::interrupt(key as u64))))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_are_distinct() {
        let all = [
            answer(InterruptRequest::Sent),
            answer(InterruptRequest::Idle),
            answer(InterruptRequest::Closed),
        ];
        assert_eq!(all, [SENT, IDLE, CLOSED]);
    }
}
