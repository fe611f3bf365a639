//! The worker's wire format, shared with `krait.process.Wire` on the Java side:
//! frames are a 4-byte big-endian length followed by one MessagePack value.
//!
//! A request is an array `[op, ...]`; a reply is `[REPLY_*, ...]`. Values use
//! MessagePack's own types (nil, bool, int, float, str, bin, array = Python
//! `list`, map = `dict`) plus the extension types `EXT_*` for what MessagePack
//! has no type for. Pure logic: no Python here.

use std::io::{self, Read, Write};

/// The largest frame either side accepts (a guard against a corrupt length).
pub const MAX_FRAME: usize = 1 << 30;

/// Extension: an `int` outside the 64-bit range, as big-endian two's complement.
pub const EXT_BIG_INT: i8 = 1;
/// Extension: a `tuple`; the payload is a MessagePack array.
pub const EXT_TUPLE: i8 = 2;
/// Extension: a `set`; the payload is a MessagePack array.
pub const EXT_SET: i8 = 3;
/// Extension: a `str` with lone surrogates, as UTF-16LE code units.
pub const EXT_UTF16: i8 = 4;
/// Extension: a handle to a Python object kept by the worker (big-endian u64).
pub const EXT_HANDLE: i8 = 5;
/// Extension: a numpy array; the payload is `[dtype char, [shape...], bin data]`.
pub const EXT_NDARRAY: i8 = 6;
/// Extension: a `frozenset`; the payload is a MessagePack array.
pub const EXT_FROZENSET: i8 = 7;

/// Request: `[OP_EXEC, code]` runs statements in `__main__`.
pub const OP_EXEC: u8 = 0;
/// Request: `[OP_EVAL, line]` runs one interactive line (Jep's `eval`).
pub const OP_EVAL: u8 = 1;
/// Request: `[OP_RUN_SCRIPT, path]`.
pub const OP_RUN_SCRIPT: u8 = 2;
/// Request: `[OP_INVOKE, name, [args], {kwargs}]` calls a global of `__main__`.
pub const OP_INVOKE: u8 = 3;
/// Request: `[OP_SET, name, value]` binds a global of `__main__`.
pub const OP_SET: u8 = 4;
/// Request: `[OP_GET, expr]` evaluates an expression.
pub const OP_GET: u8 = 5;
/// Request: `[OP_GETATTR, handle, name]`.
pub const OP_GETATTR: u8 = 6;
/// Request: `[OP_SETATTR, handle, name, value]`.
pub const OP_SETATTR: u8 = 7;
/// Request: `[OP_CALL, handle, [args], {kwargs}]`.
pub const OP_CALL: u8 = 8;
/// Request: `[OP_STR, handle]`.
pub const OP_STR: u8 = 9;
/// Request: `[OP_HASH, handle]`.
pub const OP_HASH: u8 = 10;
/// Request: `[OP_EQ, handle, handle]`.
pub const OP_EQ: u8 = 11;
/// Request: `[OP_RELEASE, [handles...]]`; it has no reply.
pub const OP_RELEASE: u8 = 12;
/// Request: `[OP_PING]`; the reply is the number of live handles.
pub const OP_PING: u8 = 13;
/// Request: `[OP_EXIT]`; the worker replies, then exits with status 0.
pub const OP_EXIT: u8 = 14;
/// Request: `[OP_DELATTR, handle, name]`.
pub const OP_DELATTR: u8 = 15;

/// Reply: `[REPLY_VALUE, value]`.
pub const REPLY_VALUE: u8 = 0;
/// Reply: `[REPLY_PYTHON_ERROR, type name, type repr, text, [[file, function, line]...]]`
/// with the traceback innermost frame first.
pub const REPLY_PYTHON_ERROR: u8 = 1;
/// Not a reply: `[REPLY_STDOUT, bin]`, bytes the child wrote to its stdout.
pub const REPLY_STDOUT: u8 = 2;
/// Reply: `[REPLY_USAGE_ERROR, text]`, a request the worker refused.
pub const REPLY_USAGE_ERROR: u8 = 3;
/// Not a reply: `[REPLY_READY, python version]`, sent once after start-up.
pub const REPLY_READY: u8 = 4;

/// Reads one frame's payload into `buffer`; `Ok(false)` at a clean end of input.
pub fn read_frame(input: &mut impl Read, buffer: &mut Vec<u8>) -> io::Result<bool> {
    let mut header = [0u8; 4];
    match input.read_exact(&mut header) {
        Ok(()) => {}
        Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => return Ok(false),
        Err(e) => return Err(e),
    }
    let len = u32::from_be_bytes(header) as usize;
    if len > MAX_FRAME {
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            format!("frame of {len} bytes exceeds the limit of {MAX_FRAME}"),
        ));
    }
    buffer.clear();
    // Read into spare capacity (no zero-filling of a large frame first).
    let read = (&mut *input).take(len as u64).read_to_end(buffer)?;
    if read != len {
        return Err(io::Error::new(
            io::ErrorKind::UnexpectedEof,
            "the JVM closed the channel in the middle of a frame",
        ));
    }
    Ok(true)
}

/// Writes `payload` as one frame (header and payload in one write when small).
pub fn write_frame(output: &mut impl Write, payload: &[u8]) -> io::Result<()> {
    write_frame_parts(output, payload, &[])
}

/// Writes `head` followed by `tail` as one frame.
pub fn write_frame_parts(output: &mut impl Write, head: &[u8], tail: &[u8]) -> io::Result<()> {
    let len = u32::try_from(head.len() + tail.len())
        .ok()
        .filter(|&len| len as usize <= MAX_FRAME)
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "reply too large"))?;
    output.write_all(&len.to_be_bytes())?;
    output.write_all(head)?;
    output.write_all(tail)?;
    output.flush()
}

/// A MessagePack reader over a byte slice that yields borrowed strings and bytes.
pub struct Reader<'a> {
    data: &'a [u8],
}

/// One decoded MessagePack item header; containers are read element by element.
#[derive(Debug, PartialEq)]
pub enum Item<'a> {
    /// `nil`.
    Nil,
    /// `true`/`false`.
    Bool(bool),
    /// A signed integer.
    Int(i64),
    /// An unsigned integer above `i64::MAX`.
    UInt(u64),
    /// A float (32-bit floats widen).
    Float(f64),
    /// A UTF-8 string (not checked yet).
    Str(&'a [u8]),
    /// Raw bytes.
    Bin(&'a [u8]),
    /// An array of this many items (they follow).
    Array(usize),
    /// A map of this many key/value pairs (they follow).
    Map(usize),
    /// An extension value.
    Ext(i8, &'a [u8]),
}

impl<'a> Reader<'a> {
    /// Reads from `data`.
    pub fn new(data: &'a [u8]) -> Self {
        Reader { data }
    }

    fn take(&mut self, n: usize) -> io::Result<&'a [u8]> {
        if self.data.len() < n {
            return Err(io::Error::new(
                io::ErrorKind::UnexpectedEof,
                "truncated MessagePack value",
            ));
        }
        let (head, rest) = self.data.split_at(n);
        self.data = rest;
        Ok(head)
    }

    fn uint(&mut self, n: usize) -> io::Result<u64> {
        Ok(self
            .take(n)?
            .iter()
            .fold(0u64, |acc, &b| (acc << 8) | u64::from(b)))
    }

    /// Reads the next item header.
    pub fn item(&mut self) -> io::Result<Item<'a>> {
        use rmp::Marker;
        let marker = Marker::from_u8(self.take(1)?[0]);
        Ok(match marker {
            Marker::Null => Item::Nil,
            Marker::True => Item::Bool(true),
            Marker::False => Item::Bool(false),
            Marker::FixPos(v) => Item::Int(i64::from(v)),
            Marker::FixNeg(v) => Item::Int(i64::from(v)),
            Marker::U8 => Item::Int(self.uint(1)? as i64),
            Marker::U16 => Item::Int(self.uint(2)? as i64),
            Marker::U32 => Item::Int(self.uint(4)? as i64),
            Marker::U64 => match self.uint(8)? {
                v if v > i64::MAX as u64 => Item::UInt(v),
                v => Item::Int(v as i64),
            },
            Marker::I8 => Item::Int(i64::from(self.uint(1)? as u8 as i8)),
            Marker::I16 => Item::Int(i64::from(self.uint(2)? as u16 as i16)),
            Marker::I32 => Item::Int(i64::from(self.uint(4)? as u32 as i32)),
            Marker::I64 => Item::Int(self.uint(8)? as i64),
            Marker::F32 => Item::Float(f64::from(f32::from_bits(self.uint(4)? as u32))),
            Marker::F64 => Item::Float(f64::from_bits(self.uint(8)?)),
            Marker::FixStr(n) => Item::Str(self.take(usize::from(n))?),
            Marker::Str8 => Item::Str(self.sized(1)?),
            Marker::Str16 => Item::Str(self.sized(2)?),
            Marker::Str32 => Item::Str(self.sized(4)?),
            Marker::Bin8 => Item::Bin(self.sized(1)?),
            Marker::Bin16 => Item::Bin(self.sized(2)?),
            Marker::Bin32 => Item::Bin(self.sized(4)?),
            Marker::FixArray(n) => Item::Array(usize::from(n)),
            Marker::Array16 => Item::Array(self.uint(2)? as usize),
            Marker::Array32 => Item::Array(self.uint(4)? as usize),
            Marker::FixMap(n) => Item::Map(usize::from(n)),
            Marker::Map16 => Item::Map(self.uint(2)? as usize),
            Marker::Map32 => Item::Map(self.uint(4)? as usize),
            Marker::FixExt1 => self.ext(1)?,
            Marker::FixExt2 => self.ext(2)?,
            Marker::FixExt4 => self.ext(4)?,
            Marker::FixExt8 => self.ext(8)?,
            Marker::FixExt16 => self.ext(16)?,
            Marker::Ext8 => self.sized_ext(1)?,
            Marker::Ext16 => self.sized_ext(2)?,
            Marker::Ext32 => self.sized_ext(4)?,
            Marker::Reserved => {
                return Err(io::Error::new(
                    io::ErrorKind::InvalidData,
                    "reserved MessagePack marker",
                ))
            }
        })
    }

    fn sized(&mut self, len_bytes: usize) -> io::Result<&'a [u8]> {
        let n = self.uint(len_bytes)? as usize;
        self.take(n)
    }

    fn ext(&mut self, n: usize) -> io::Result<Item<'a>> {
        let tag = self.take(1)?[0] as i8;
        Ok(Item::Ext(tag, self.take(n)?))
    }

    fn sized_ext(&mut self, len_bytes: usize) -> io::Result<Item<'a>> {
        let n = self.uint(len_bytes)? as usize;
        self.ext(n)
    }

    /// Reads an item that must be an integer.
    pub fn int(&mut self) -> io::Result<i64> {
        match self.item()? {
            Item::Int(v) => Ok(v),
            other => Err(unexpected("an integer", &other)),
        }
    }

    /// Reads an item that must be a UTF-8 string.
    pub fn str(&mut self) -> io::Result<&'a str> {
        match self.item()? {
            Item::Str(bytes) => std::str::from_utf8(bytes)
                .map_err(|_| io::Error::new(io::ErrorKind::InvalidData, "invalid UTF-8")),
            other => Err(unexpected("a string", &other)),
        }
    }

    /// Reads an item that must be an array header; returns its length.
    pub fn array(&mut self) -> io::Result<usize> {
        match self.item()? {
            Item::Array(n) => Ok(n),
            other => Err(unexpected("an array", &other)),
        }
    }
}

/// The error for an item of the wrong kind.
pub fn unexpected(wanted: &str, got: &Item<'_>) -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidData,
        format!("expected {wanted}, got {got:?}"),
    )
}

/// Writes an extension header of `len` payload bytes.
pub fn write_ext_header(out: &mut Vec<u8>, tag: i8, len: usize) {
    let len = u32::try_from(len).unwrap_or(u32::MAX);
    // Writing into a Vec cannot fail.
    let _ = rmp::encode::write_ext_meta(out, len, tag);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frames_round_trip_and_end_cleanly() {
        let mut wire = Vec::new();
        write_frame(&mut wire, b"abc").unwrap();
        write_frame(&mut wire, b"").unwrap();
        let mut input = wire.as_slice();
        let mut buffer = Vec::new();
        assert!(read_frame(&mut input, &mut buffer).unwrap());
        assert_eq!(buffer, b"abc");
        assert!(read_frame(&mut input, &mut buffer).unwrap());
        assert!(buffer.is_empty());
        assert!(!read_frame(&mut input, &mut buffer).unwrap());
    }

    #[test]
    fn oversized_frames_are_refused() {
        let header = (MAX_FRAME as u32 + 1).to_be_bytes();
        let mut input = &header[..];
        assert!(read_frame(&mut input, &mut Vec::new()).is_err());
    }

    #[test]
    fn reader_decodes_what_rmp_encodes() {
        let mut out = Vec::new();
        rmp::encode::write_array_len(&mut out, 7).unwrap();
        rmp::encode::write_sint(&mut out, -5).unwrap();
        rmp::encode::write_uint(&mut out, u64::MAX).unwrap();
        rmp::encode::write_f64(&mut out, 1.5).unwrap();
        rmp::encode::write_str(&mut out, "hé").unwrap();
        rmp::encode::write_bin(&mut out, &[1, 2]).unwrap();
        rmp::encode::write_nil(&mut out).unwrap();
        write_ext_header(&mut out, EXT_HANDLE, 8);
        out.extend_from_slice(&7u64.to_be_bytes());
        let mut reader = Reader::new(&out);
        assert_eq!(reader.array().unwrap(), 7);
        assert_eq!(reader.int().unwrap(), -5);
        assert_eq!(reader.item().unwrap(), Item::UInt(u64::MAX));
        assert_eq!(reader.item().unwrap(), Item::Float(1.5));
        assert_eq!(reader.str().unwrap(), "hé");
        assert_eq!(reader.item().unwrap(), Item::Bin(&[1, 2]));
        assert_eq!(reader.item().unwrap(), Item::Nil);
        assert_eq!(
            reader.item().unwrap(),
            Item::Ext(EXT_HANDLE, &7u64.to_be_bytes())
        );
        assert!(reader.item().is_err());
    }
}
