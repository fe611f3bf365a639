//! Waiting for the next request: poll the pipe briefly before blocking on it.
//!
//! On this kind of machine (a VM whose idle vCPUs halt) a process blocked in
//! `read` on one CPU is woken in tens of microseconds, while the JVM answers a
//! reply within a few: a short poll keeps the round trip fast. A poll that sees
//! nothing (the JVM is thinking, or shares this CPU) makes the next waits block
//! at once, for twice as many waits each time, so a busy or idle JVM costs at
//! most one short poll per [`MAX_SKIP`] requests. The JVM's side of the pipe
//! applies the same policy (`krait.ProcessSpin`).

use std::os::fd::RawFd;
use std::time::{Duration, Instant};

/// How long one wait polls before blocking.
pub const SPIN: Duration = Duration::from_micros(20);

/// The most waits that block at once after failed polls.
pub const MAX_SKIP: u32 = 256;

/// Whether to poll before a wait, from how recent polls went.
#[derive(Debug)]
pub struct Policy {
    skip: u32,
    backoff: u32,
}

impl Policy {
    /// A policy that polls on the first wait.
    pub fn new() -> Self {
        Policy {
            skip: 0,
            backoff: 1,
        }
    }

    /// Whether this wait polls first.
    pub fn should_spin(&mut self) -> bool {
        if self.skip > 0 {
            self.skip -= 1;
            return false;
        }
        true
    }

    /// Records whether input arrived while polling.
    pub fn spun(&mut self, arrived: bool) {
        if arrived {
            self.backoff = 1;
        } else {
            self.skip = self.backoff;
            self.backoff = (self.backoff * 2).min(MAX_SKIP);
        }
    }
}

/// Polls `fd` for input for up to [`SPIN`] when `policy` says so; returns when
/// input is there or the time is up (the caller then reads, blocking).
pub fn await_input(fd: RawFd, policy: &mut Policy) {
    if !policy.should_spin() {
        return;
    }
    let end = Instant::now() + SPIN;
    let arrived = loop {
        let mut poll = libc::pollfd {
            fd,
            events: libc::POLLIN,
            revents: 0,
        };
        // SAFETY: one valid pollfd for an fd the caller owns; no waiting (timeout 0).
        if unsafe { libc::poll(&mut poll, 1, 0) } > 0 {
            break true;
        }
        if Instant::now() >= end {
            break false;
        }
        std::hint::spin_loop();
    };
    policy.spun(arrived);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failed_polls_back_off_doubling_and_success_resets() {
        let mut policy = Policy::new();
        assert!(policy.should_spin());
        policy.spun(false);
        // One wait blocks at once, then a poll again.
        assert!(!policy.should_spin());
        assert!(policy.should_spin());
        policy.spun(false);
        assert_eq!((0..2).filter(|_| !policy.should_spin()).count(), 2);
        assert!(policy.should_spin());
        policy.spun(true);
        assert!(policy.should_spin());
        policy.spun(false);
        assert!(!policy.should_spin());
        assert!(policy.should_spin());
    }

    #[test]
    fn backoff_is_bounded() {
        let mut policy = Policy::new();
        for _ in 0..20 {
            while !policy.should_spin() {}
            policy.spun(false);
        }
        let skipped = std::iter::from_fn(|| Some(policy.should_spin()))
            .take_while(|spin| !spin)
            .count();
        assert_eq!(skipped, MAX_SKIP as usize);
    }
}
