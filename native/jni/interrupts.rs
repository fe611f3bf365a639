//! The interrupt methods of `jep.KraitNative`: naming an open interpreter to
//! interrupt, and interrupting it from any thread (see `core::interrupt`); and
//! interrupting a `ProcessInterpreter`'s worker with SIGINT.

use jni::sys::{jboolean, jclass, jint, jlong, JNIEnv};

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

/// The process id a Java `long` names, if it names one process: 0 and negative
/// values would signal a process group or every process `kill` may reach.
fn single_pid(pid: jlong) -> Option<libc::pid_t> {
    libc::pid_t::try_from(pid).ok().filter(|&pid| pid > 0)
}

/// `static native boolean interruptProcess(long pid)`: sends SIGINT to one process
/// (a worker child) without starting a `kill` process; whether it was sent.
#[unsafe(no_mangle)]
pub extern "system" fn Java_jep_KraitNative_interruptProcess(
    raw: *mut JNIEnv,
    _cls: jclass,
    pid: jlong,
) -> jboolean {
    entry(raw, false, |_env| {
        Ok(single_pid(pid).is_some_and(|pid| {
            // SAFETY: kill takes plain integers; the pid names one process (checked above).
            unsafe { libc::kill(pid, libc::SIGINT) == 0 }
        }))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_single_processes_are_signalled() {
        assert_eq!(single_pid(1234), Some(1234));
        assert_eq!(single_pid(0), None);
        assert_eq!(single_pid(-1), None);
        assert_eq!(single_pid(-1234), None);
        assert_eq!(single_pid(i64::from(i32::MAX) + 1), None);
    }

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
