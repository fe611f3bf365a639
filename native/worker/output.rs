//! The worker's channels: requests come in on what was its stdin, frames go out
//! on what was its stdout, and the child's own fd 1 becomes a private pipe whose
//! bytes are forwarded to the JVM as `REPLY_STDOUT` frames.
//!
//! Every frame goes out through one [`Replies`] lock. Before a reply is written
//! the pipe is drained under that lock, so whatever Python printed during a call
//! reaches the JVM before the call's reply; a pump thread forwards what is
//! printed while no call is finishing (a long call, a background thread).

use std::fs::File;
use std::io::{self, Read, Write};
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
use std::sync::Arc;

use parking_lot::Mutex;

use super::wire;

/// How much of the stdout pipe one frame forwards.
const STDOUT_CHUNK: usize = 64 * 1024;

/// The pipe size asked for the frame channel (Linux's default cap for it).
const PIPE_SIZE: libc::c_int = 1 << 20;

/// The outgoing side: the frame channel and the read end of the stdout pipe.
pub struct Replies {
    inner: Mutex<Outgoing>,
}

struct Outgoing {
    channel: io::BufWriter<File>,
    stdout: File,
    chunk: Vec<u8>,
}

/// The channels after [`take_over_stdio`].
pub struct Channels {
    /// Where requests are read.
    pub requests: File,
    /// Where frames are written.
    pub replies: Arc<Replies>,
}

fn last_os_error(what: &str) -> io::Error {
    let err = io::Error::last_os_error();
    io::Error::new(err.kind(), format!("{what}: {err}"))
}

/// Moves the frame channel off fds 0 and 1: fd 0 becomes `/dev/null` and fd 1 a
/// pipe drained into `REPLY_STDOUT` frames. fd 2 stays the JVM's stderr pipe.
pub fn take_over_stdio() -> io::Result<Channels> {
    // SAFETY: plain fd syscalls; each result is checked before use and every new
    // fd is owned by exactly one File/OwnedFd below.
    unsafe {
        let requests = libc::fcntl(0, libc::F_DUPFD_CLOEXEC, 3);
        let replies = libc::fcntl(1, libc::F_DUPFD_CLOEXEC, 3);
        if requests < 0 || replies < 0 {
            return Err(last_os_error("could not move the frame channel"));
        }
        // Bigger pipes carry a large value in fewer wake-ups (best effort:
        // the kernel caps the size at /proc/sys/fs/pipe-max-size).
        libc::fcntl(requests, libc::F_SETPIPE_SZ, PIPE_SIZE);
        libc::fcntl(replies, libc::F_SETPIPE_SZ, PIPE_SIZE);
        let requests = File::from_raw_fd(requests);
        let replies = File::from_raw_fd(replies);
        let null = libc::open(c"/dev/null".as_ptr(), libc::O_RDONLY | libc::O_CLOEXEC);
        if null < 0 || libc::dup2(null, 0) < 0 {
            return Err(last_os_error("could not point stdin at /dev/null"));
        }
        libc::close(null);
        let mut pipe = [0; 2];
        if libc::pipe2(pipe.as_mut_ptr(), libc::O_CLOEXEC) != 0 {
            return Err(last_os_error("could not create the stdout pipe"));
        }
        let (read_end, write_end) = (OwnedFd::from_raw_fd(pipe[0]), OwnedFd::from_raw_fd(pipe[1]));
        if libc::dup2(write_end.as_raw_fd(), 1) < 0 {
            return Err(last_os_error("could not redirect stdout"));
        }
        drop(write_end);
        let flags = libc::fcntl(read_end.as_raw_fd(), libc::F_GETFL);
        libc::fcntl(
            read_end.as_raw_fd(),
            libc::F_SETFL,
            flags | libc::O_NONBLOCK,
        );
        let outgoing = Outgoing {
            channel: io::BufWriter::with_capacity(64 * 1024, replies),
            stdout: File::from(read_end),
            chunk: vec![0; STDOUT_CHUNK],
        };
        Ok(Channels {
            requests,
            replies: Arc::new(Replies {
                inner: Mutex::new(outgoing),
            }),
        })
    }
}

impl Outgoing {
    /// Forwards what the stdout pipe holds now; returns whether it held anything.
    fn drain_stdout(&mut self) -> io::Result<bool> {
        let mut forwarded = false;
        loop {
            match self.stdout.read(&mut self.chunk) {
                Ok(0) => return Ok(forwarded),
                Ok(n) => {
                    let mut frame = Vec::with_capacity(n + 8);
                    let _ = rmp::encode::write_array_len(&mut frame, 2);
                    let _ = rmp::encode::write_uint(&mut frame, u64::from(wire::REPLY_STDOUT));
                    let _ = rmp::encode::write_bin(&mut frame, &self.chunk[..n]);
                    wire::write_frame(&mut self.channel, &frame)?;
                    forwarded = true;
                }
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => return Ok(forwarded),
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            }
        }
    }
}

impl Replies {
    /// Sends a reply made of `head` and `tail`, after what Python printed before it.
    pub fn send(&self, head: &[u8], tail: &[u8]) -> io::Result<()> {
        let mut out = self.inner.lock();
        out.drain_stdout()?;
        wire::write_frame_parts(&mut out.channel, head, tail)
    }

    /// Forwards stdout while the worker runs: waits for the pipe to become
    /// readable and drains it. Returns when the frame channel fails.
    pub fn pump_stdout(&self) {
        block_interrupts();
        let fd = self.inner.lock().stdout.as_raw_fd();
        loop {
            let mut poll = libc::pollfd {
                fd,
                events: libc::POLLIN,
                revents: 0,
            };
            // SAFETY: one valid pollfd; the fd lives as long as `self`.
            let ready = unsafe { libc::poll(&mut poll, 1, -1) };
            if ready < 0 {
                continue;
            }
            if poll.revents & (libc::POLLHUP | libc::POLLERR | libc::POLLNVAL) != 0
                && poll.revents & libc::POLLIN == 0
            {
                return;
            }
            if self.inner.lock().drain_stdout().is_err() {
                return;
            }
        }
    }
}

/// Keeps SIGINT away from the calling helper thread, so that the signal reaches
/// Python's main thread (and interrupts a blocking call there).
pub fn block_interrupts() {
    // SAFETY: a zeroed sigset filled by sigemptyset/sigaddset, applied to this thread.
    unsafe {
        let mut set: libc::sigset_t = std::mem::zeroed();
        libc::sigemptyset(&mut set);
        libc::sigaddset(&mut set, libc::SIGINT);
        libc::pthread_sigmask(libc::SIG_BLOCK, &set, std::ptr::null_mut());
    }
}

/// Restores SIGINT's default action and unblocks it: a JVM started from a
/// non-interactive shell in the background passes it on ignored, and CPython
/// only installs its handler over the default one.
pub fn default_interrupts() {
    // SAFETY: as above, for the whole process at start-up.
    unsafe {
        libc::signal(libc::SIGINT, libc::SIG_DFL);
        let mut set: libc::sigset_t = std::mem::zeroed();
        libc::sigemptyset(&mut set);
        libc::sigaddset(&mut set, libc::SIGINT);
        libc::pthread_sigmask(libc::SIG_UNBLOCK, &set, std::ptr::null_mut());
    }
}

/// Writes `text` to the JVM's stderr pipe (start-up failures, before Python).
pub fn report(text: &str) {
    let _ = writeln!(io::stderr(), "krait-worker: {text}");
}
