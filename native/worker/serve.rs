//! The worker's request loop: one request at a time on Python's main thread,
//! through the same core interpreter calls the in-process interpreter uses.

use std::fs::File;
use std::io::{self, BufReader};
use std::os::fd::AsRawFd;

use pyo3::ffi;

use super::convert::{bytes_of, decode, encode};
use super::handles::Handles;
use super::output::Replies;
use super::spin;
use super::wire::{self, Reader};
use crate::core::{Attached, Error, Gil, Interpreter, PyRef, Result};

/// What the loop does after a request.
enum Next {
    Continue,
    Exit,
}

/// Serves requests until the JVM closes the channel or asks the worker to exit.
pub fn serve(interp: &Interpreter, requests: File, replies: &Replies, max_handles: usize) {
    let fd = requests.as_raw_fd();
    let mut input = BufReader::with_capacity(64 * 1024, requests);
    let mut frame = Vec::new();
    let mut reply = Vec::new();
    let mut handles = Handles::new(max_handles);
    let mut spin = spin::Policy::new();
    loop {
        if input.buffer().is_empty() {
            spin::await_input(fd, &mut spin);
        }
        match wire::read_frame(&mut input, &mut frame) {
            Ok(true) => {}
            Ok(false) => return,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => {
                super::output::report(&format!("reading a request failed: {e}"));
                return;
            }
        }
        reply.clear();
        let next = match interp.enter() {
            Ok(attached) => handle(&attached, &frame, &mut reply, &mut handles, replies),
            Err(err) => {
                error_reply(&err, &mut reply);
                replies.send(&reply, &[]).map(|()| Next::Continue)
            }
        };
        match next {
            Ok(Next::Continue) => {}
            Ok(Next::Exit) | Err(_) => return,
        }
    }
}

/// Runs one request and sends its reply (none for a release). A large `bytes`
/// result goes out from the Python object itself, after the reply's header.
fn handle(
    attached: &Attached<'_>,
    frame: &[u8],
    reply: &mut Vec<u8>,
    handles: &mut Handles,
    replies: &Replies,
) -> io::Result<Next> {
    let gil = attached.gil();
    // An interrupt aimed at a call that finished before it arrived must not hit
    // this one: run pending signal handlers now and drop what they raised.
    // SAFETY: we hold the GIL on Python's main thread.
    unsafe {
        if ffi::PyErr_CheckSignals() != 0 {
            ffi::PyErr_Clear();
        }
    }
    let mut reader = Reader::new(frame);
    let op = match reader.array().and_then(|_| reader.int()) {
        Ok(op) => op,
        Err(e) => {
            error_reply(&Error::Usage(format!("malformed request: {e}")), reply);
            return replies.send(reply, &[]).map(|()| Next::Continue);
        }
    };
    let mut tail = None;
    let outcome = run(attached, gil, op, &mut reader, handles).and_then(|result| {
        let Some(value) = result else {
            return Ok(false);
        };
        let _ = rmp::encode::write_array_len(reply, 2);
        let _ = rmp::encode::write_uint(reply, u64::from(wire::REPLY_VALUE));
        match large_bytes(&value) {
            Some(len) => {
                reply.push(BIN32_MARKER);
                reply.extend_from_slice(&len.to_be_bytes());
                tail = Some(value);
            }
            None => encode(&value, reply, handles, 0)?,
        }
        Ok(true)
    });
    flush_std_streams(gil);
    match outcome {
        Ok(true) => {
            // SAFETY: large_bytes checked that the tail is a bytes object; it lives until sent.
            let data = tail
                .as_ref()
                .map_or(&[][..], |bytes| unsafe { bytes_of(bytes) });
            replies.send(reply, data)?;
        }
        Ok(false) => {}
        Err(err) => {
            error_reply(&err, reply);
            replies.send(reply, &[])?;
        }
    }
    Ok(if op == i64::from(wire::OP_EXIT) {
        Next::Exit
    } else {
        Next::Continue
    })
}

/// MessagePack's marker of a `bin` with a 32-bit length.
const BIN32_MARKER: u8 = 0xc6;

/// `bytes` results at least this large are sent without copying them into the reply.
const LARGE_BYTES: usize = 1 << 16;

/// The length of `value` if it is a `bytes` object worth sending in place.
fn large_bytes(value: &PyRef<'_>) -> Option<u32> {
    // SAFETY: type check and size of a live object; we hold the GIL.
    let len = unsafe {
        if ffi::PyBytes_CheckExact(value.as_ptr()) == 0 {
            return None;
        }
        ffi::PyBytes_Size(value.as_ptr()) as usize
    };
    (len >= LARGE_BYTES)
        .then(|| u32::try_from(len).ok())
        .flatten()
}

/// Runs request `op`; `Ok(None)` means it has no reply.
fn run<'py>(
    attached: &'py Attached<'_>,
    gil: Gil<'py>,
    op: i64,
    reader: &mut Reader<'_>,
    handles: &mut Handles,
) -> Result<Option<PyRef<'py>>> {
    let malformed = |e: io::Error| Error::Usage(format!("malformed request: {e}"));
    let op = u8::try_from(op).map_err(|_| Error::Usage(format!("unknown request {op}")))?;
    let result: PyRef<'py> = match op {
        wire::OP_EXEC => {
            attached.exec(reader.str().map_err(malformed)?)?;
            gil.none()
        }
        wire::OP_EVAL => {
            let complete = attached.eval_line(reader.str().map_err(malformed)?)?;
            // SAFETY: a bool from a plain value.
            gil.owned(unsafe { ffi::PyBool_FromLong(complete.into()) })?
        }
        wire::OP_RUN_SCRIPT => {
            attached.run_script(reader.str().map_err(malformed)?)?;
            gil.none()
        }
        wire::OP_INVOKE => {
            let name = reader.str().map_err(malformed)?;
            let callable = attached.resolve(name)?;
            call(gil, &callable, reader, handles)?
        }
        wire::OP_SET => {
            let name = reader.str().map_err(malformed)?;
            let item = decode(gil, reader, handles, 0)?;
            attached.set(name, &item)?;
            gil.none()
        }
        wire::OP_GET => attached.get_value(reader.str().map_err(malformed)?)?,
        wire::OP_GETATTR => {
            let target = target(gil, reader, handles)?;
            target.getattr(reader.str().map_err(malformed)?)?
        }
        wire::OP_SETATTR | wire::OP_DELATTR => {
            let target = target(gil, reader, handles)?;
            let name = gil.str(reader.str().map_err(malformed)?)?;
            let item = if op == wire::OP_SETATTR {
                decode(gil, reader, handles, 0)?.into_ptr()
            } else {
                std::ptr::null_mut()
            };
            // SAFETY: live target and name; a null value deletes; we hold the GIL.
            let status = unsafe { ffi::PyObject_SetAttr(target.as_ptr(), name.as_ptr(), item) };
            if !item.is_null() {
                drop(gil.owned(item));
            }
            if status != 0 {
                return Err(gil.take_error());
            }
            gil.none()
        }
        wire::OP_CALL => {
            let callable = target(gil, reader, handles)?;
            call(gil, &callable, reader, handles)?
        }
        wire::OP_STR => {
            let target = target(gil, reader, handles)?;
            // SAFETY: a live object; we hold the GIL.
            gil.owned(unsafe { ffi::PyObject_Str(target.as_ptr()) })?
        }
        wire::OP_HASH => {
            let target = target(gil, reader, handles)?;
            // SAFETY: a live object; we hold the GIL.
            let hash = unsafe { ffi::PyObject_Hash(target.as_ptr()) };
            if hash == -1 {
                return Err(gil.take_error());
            }
            // SAFETY: an int from a plain number.
            gil.owned(unsafe { ffi::PyLong_FromSsize_t(hash) })?
        }
        wire::OP_EQ => {
            let left = target(gil, reader, handles)?;
            let right = target(gil, reader, handles)?;
            // SAFETY: live objects; we hold the GIL.
            gil.owned(unsafe {
                ffi::PyObject_RichCompare(left.as_ptr(), right.as_ptr(), ffi::Py_EQ)
            })?
        }
        wire::OP_RELEASE => {
            let count = reader.array().map_err(malformed)?;
            for _ in 0..count {
                let handle = reader.int().map_err(malformed)?;
                handles.release(gil, handle as u64);
            }
            return Ok(None);
        }
        wire::OP_PING => {
            // SAFETY: an int from a plain number.
            gil.owned(unsafe { ffi::PyLong_FromSsize_t(handles.held() as ffi::Py_ssize_t) })?
        }
        wire::OP_EXIT => gil.none(),
        other => return Err(Error::Usage(format!("unknown request {other}"))),
    };
    Ok(Some(result))
}

/// Reads a handle argument and returns its object.
fn target<'py>(gil: Gil<'py>, reader: &mut Reader<'_>, handles: &Handles) -> Result<PyRef<'py>> {
    decode(gil, reader, handles, 0)
}

/// Calls `callable` with the `[args]` and `{kwargs}` that follow in the request.
fn call<'py>(
    gil: Gil<'py>,
    callable: &PyRef<'py>,
    reader: &mut Reader<'_>,
    handles: &Handles,
) -> Result<PyRef<'py>> {
    let args = decode(gil, reader, handles, 0)?;
    // SAFETY: args is the list just decoded.
    let args = gil.owned(unsafe { ffi::PyList_AsTuple(args.as_ptr()) })?;
    let kwargs = decode(gil, reader, handles, 0)?;
    // SAFETY: reading the size of the decoded dict (or None).
    let kwargs = (unsafe { ffi::PyDict_Check(kwargs.as_ptr()) } != 0
        && unsafe { ffi::PyDict_Size(kwargs.as_ptr()) } > 0)
        .then_some(kwargs);
    callable.call(&args, kwargs.as_ref())
}

/// Flushes `sys.stdout` and `sys.stderr`, so their bytes precede the reply.
fn flush_std_streams(gil: Gil<'_>) {
    for name in [c"stdout", c"stderr"] {
        // SAFETY: a borrowed reference to a sys attribute, or null.
        let stream = unsafe { ffi::PySys_GetObject(name.as_ptr()) };
        if let Ok(stream) = gil.borrowed(stream) {
            if let Some(flush) = stream.getattr_opt(c"flush") {
                if let Ok(args) = crate::core::tuple(gil, vec![]) {
                    let _ = flush.call(&args, None);
                }
            }
        }
    }
    // SAFETY: whatever a failed flush left pending is not the call's error.
    unsafe { ffi::PyErr_Clear() };
}

/// Writes the reply for a failure: a Python exception with its traceback, or a
/// refusal with its text.
fn error_reply(err: &Error, reply: &mut Vec<u8>) {
    reply.clear();
    match err {
        Error::Python(exc) => {
            let _ = rmp::encode::write_array_len(reply, 5);
            let _ = rmp::encode::write_uint(reply, u64::from(wire::REPLY_PYTHON_ERROR));
            let _ = rmp::encode::write_str(reply, &exc.type_name);
            let _ = rmp::encode::write_str(reply, &exc.type_repr);
            let _ = rmp::encode::write_str(reply, &exc.text);
            let _ = rmp::encode::write_array_len(reply, exc.frames.len() as u32);
            for frame in &exc.frames {
                let _ = rmp::encode::write_array_len(reply, 3);
                let _ = rmp::encode::write_str(reply, &frame.file);
                let _ = rmp::encode::write_str(reply, &frame.function);
                let _ = rmp::encode::write_sint(reply, i64::from(frame.line));
            }
        }
        other => {
            let _ = rmp::encode::write_array_len(reply, 2);
            let _ = rmp::encode::write_uint(reply, u64::from(wire::REPLY_USAGE_ERROR));
            let _ = rmp::encode::write_str(reply, &other.to_string());
        }
    }
}
