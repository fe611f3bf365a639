//! How much of the calling thread's stack is left, so that krait refuses to
//! go deeper (with Python's `RecursionError`) while there is still room to
//! report it, instead of letting the host fail half-way (the JVM throws
//! `StackOverflowError` from wherever it is, even from class initialization,
//! and a class whose initializer failed that way stays unusable).

use super::error::{Error, PyException};
use super::thread::{self, ThreadRecord};

/// Stack that must be left to call from Python into the host (a Java method,
/// field or array access): the JVM alone needs about 100 KiB (its guard and
/// shadow zones) before it runs any Java code.
pub const HOST_CALL_RESERVE: usize = 192 * 1024;

/// Stack that must be left to enter Python from the host: less than
/// [`HOST_CALL_RESERVE`], so mutual recursion stops on the Python side, with a
/// Python traceback, when Python next calls the host.
pub const ENTRY_RESERVE: usize = 96 * 1024;

/// The lowest address of the calling thread's stack, if the system says.
#[inline]
fn stack_low(thread: &ThreadRecord) -> Option<usize> {
    match thread.stack_low.get() {
        0 => {
            let low = query_stack_low().unwrap_or(1);
            thread.stack_low.set(low);
            (low > 1).then_some(low)
        }
        1 => None,
        known => Some(known),
    }
}

fn query_stack_low() -> Option<usize> {
    // SAFETY: pthread_getattr_np fills an attribute object we own and destroy;
    // pthread_attr_getstack reads it.
    unsafe {
        let mut attr: libc::pthread_attr_t = std::mem::zeroed();
        if libc::pthread_getattr_np(libc::pthread_self(), &mut attr) != 0 {
            return None;
        }
        let mut addr: *mut libc::c_void = std::ptr::null_mut();
        let mut size: libc::size_t = 0;
        let got = libc::pthread_attr_getstack(&attr, &mut addr, &mut size);
        libc::pthread_attr_destroy(&mut attr);
        (got == 0 && !addr.is_null()).then_some(addr as usize)
    }
}

/// The stack pointer of the calling frame, read from the register where the
/// architecture is known: the address of a local need not be on the thread's
/// stack (AddressSanitizer's use-after-return detection moves locals whose
/// address is taken to a "fake stack" on the heap).
#[inline(always)]
fn stack_pointer() -> usize {
    #[cfg(target_arch = "x86_64")]
    {
        let sp: usize;
        // SAFETY: copies the stack pointer into a general register; reads no
        // memory and changes no flags or stack.
        unsafe {
            std::arch::asm!("mov {}, rsp", out(reg) sp, options(nomem, nostack, preserves_flags))
        };
        sp
    }
    #[cfg(target_arch = "aarch64")]
    {
        let sp: usize;
        // SAFETY: as above.
        unsafe {
            std::arch::asm!("mov {}, sp", out(reg) sp, options(nomem, nostack, preserves_flags))
        };
        sp
    }
    #[cfg(not(any(target_arch = "x86_64", target_arch = "aarch64")))]
    {
        let marker = 0u8;
        std::hint::black_box(std::ptr::addr_of!(marker)) as usize
    }
}

/// Bytes of stack left below the caller's frame (`usize::MAX` when unknown).
#[inline(never)]
pub fn remaining() -> usize {
    remaining_on(thread::current())
}

/// [`remaining`] with the calling thread's record at hand.
#[inline(always)]
fn remaining_on(thread: &ThreadRecord) -> usize {
    let here = stack_pointer();
    match stack_low(thread) {
        Some(low) => here.saturating_sub(low),
        None => usize::MAX,
    }
}

/// Fails with a Python `RecursionError` (as data) when less than `reserve`
/// bytes of stack are left; `doing` says what was refused.
#[inline]
pub fn check(reserve: usize, doing: &str) -> Result<(), Error> {
    check_on(thread::current(), reserve, doing)
}

/// [`check`] with the calling thread's record at hand (one thread-local
/// access less on an entry's path).
#[inline(always)]
pub(super) fn check_on(thread: &ThreadRecord, reserve: usize, doing: &str) -> Result<(), Error> {
    let left = remaining_on(thread);
    if left >= reserve {
        return Ok(());
    }
    Err(refused(left, doing))
}

/// The `RecursionError` of a refused [`check`] (out of line: the rare path).
#[cold]
#[inline(never)]
fn refused(left: usize, doing: &str) -> Error {
    Error::Python(PyException {
        type_repr: "<class 'RecursionError'>".into(),
        type_name: "RecursionError".into(),
        text: recursion_text(left, doing),
        frames: Vec::new(),
        cause: None,
    })
}

/// The text of the `RecursionError` krait raises when the stack runs low.
pub fn recursion_text(left: usize, doing: &str) -> String {
    format!(
        "maximum recursion depth exceeded: only {} KiB of the thread's stack left, \
         krait does not {doing} with less than that (deep Python/Java recursion?)",
        left / 1024
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fresh_thread_has_stack_left_and_deep_frames_have_less() {
        fn depth(n: usize) -> (usize, usize) {
            let pad = [n as u8; 1024];
            if n == 0 {
                (remaining(), usize::from(pad[0]))
            } else {
                let (left, sum) = depth(n - 1);
                (left, sum + usize::from(std::hint::black_box(pad)[1]))
            }
        }
        let top = remaining();
        assert!(top > 64 * 1024 && top < usize::MAX, "{top}");
        let (deep, _) = depth(50);
        assert!(deep + 50 * 1024 <= top, "{deep} vs {top}");
    }

    #[test]
    fn check_refuses_with_a_recursion_error() {
        assert!(check(1, "call Java").is_ok());
        let Err(Error::Python(exc)) = check(usize::MAX - 1, "call Java") else {
            panic!("expected a RecursionError");
        };
        assert_eq!(exc.type_name, "RecursionError");
        assert!(exc.text.contains("call Java"), "{}", exc.text);
    }
}
