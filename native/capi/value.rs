//! `KraitValue`: an owned tree of plain data that crosses between C and
//! Python, its constructors and `krait_value_free`.

use std::ffi::c_char;

use super::error::{or_null, quiet};
use crate::core::Error;

/// The kind of a `KraitValue`.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KraitTag {
    /// Python `None`.
    None,
    /// Python `bool`.
    Bool,
    /// Python `int` in the range of `int64_t`.
    Int,
    /// Python `float`.
    Float,
    /// Python `str`, as UTF-8.
    Str,
    /// Python `bytes` (a `bytearray` becomes `bytes` too).
    Bytes,
    /// Python `list` (a `tuple` becomes a list too).
    List,
    /// Python `dict`, in insertion order.
    Dict,
}

/// A value passed between C and Python (opaque): None, bool, int64, double,
/// UTF-8 string, bytes, list or dict, nested freely. It is plain data, owned by
/// whoever holds it, independent of any interpreter or thread. Free it with
/// `krait_value_free`; values obtained from a list or dict are borrowed from it.
pub struct KraitValue(pub(super) Value);

/// The data of a [`KraitValue`]. Nested values are boxed so that pointers C
/// borrows with `krait_list_get` and friends stay valid while a list or dict grows.
#[allow(clippy::vec_box)]
pub(super) enum Value {
    None,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(Text),
    Bytes(Blob),
    List(Vec<Box<KraitValue>>),
    Dict(Vec<(Box<KraitValue>, Box<KraitValue>)>),
}

/// UTF-8 text stored with one extra NUL so C can read it as a C string too.
pub(super) struct Text(String);

impl Text {
    pub(super) fn new(text: &str) -> Text {
        let mut stored = String::with_capacity(text.len() + 1);
        stored.push_str(text);
        stored.push('\0');
        Text(stored)
    }

    /// The text, without the extra NUL.
    pub(super) fn as_str(&self) -> &str {
        &self.0[..self.0.len() - 1]
    }

    /// A pointer to the NUL-terminated text.
    pub(super) fn as_c_ptr(&self) -> *const c_char {
        self.0.as_ptr().cast()
    }
}

/// Bytes stored with one extra NUL, so even empty bytes have a valid pointer.
pub(super) struct Blob(Vec<u8>);

impl Blob {
    pub(super) fn new(data: &[u8]) -> Blob {
        let mut stored = Vec::with_capacity(data.len() + 1);
        stored.extend_from_slice(data);
        stored.push(0);
        Blob(stored)
    }

    /// The bytes, without the extra NUL.
    pub(super) fn as_slice(&self) -> &[u8] {
        &self.0[..self.0.len() - 1]
    }
}

impl KraitTag {
    /// The name C sees, without the `KRAIT_TAG_` prefix: `NONE`, `LIST`, ...
    pub(super) fn name(self) -> &'static str {
        match self {
            KraitTag::None => "NONE",
            KraitTag::Bool => "BOOL",
            KraitTag::Int => "INT",
            KraitTag::Float => "FLOAT",
            KraitTag::Str => "STR",
            KraitTag::Bytes => "BYTES",
            KraitTag::List => "LIST",
            KraitTag::Dict => "DICT",
        }
    }
}

impl KraitValue {
    /// Moves the value to the heap and hands ownership to C.
    pub(super) fn into_raw(self) -> *mut KraitValue {
        Box::into_raw(Box::new(self))
    }

    /// The tag of this value.
    pub(super) fn tag(&self) -> KraitTag {
        match &self.0 {
            Value::None => KraitTag::None,
            Value::Bool(_) => KraitTag::Bool,
            Value::Int(_) => KraitTag::Int,
            Value::Float(_) => KraitTag::Float,
            Value::Str(_) => KraitTag::Str,
            Value::Bytes(_) => KraitTag::Bytes,
            Value::List(_) => KraitTag::List,
            Value::Dict(_) => KraitTag::Dict,
        }
    }

    /// True if `target` is this value or nested anywhere inside it (walked
    /// without recursion, so any depth is fine).
    pub(super) fn contains(&self, target: *const KraitValue) -> bool {
        let mut pending: Vec<&KraitValue> = vec![self];
        while let Some(value) = pending.pop() {
            if std::ptr::eq(value, target) {
                return true;
            }
            match &value.0 {
                Value::List(items) => pending.extend(items.iter().map(|item| &**item)),
                Value::Dict(pairs) => {
                    for (key, item) in pairs {
                        pending.push(key);
                        pending.push(item);
                    }
                }
                _ => {}
            }
        }
        false
    }
}

impl Drop for KraitValue {
    /// Frees nested values iteratively: C can build trees deeper than the stack.
    fn drop(&mut self) {
        let mut pending = Vec::new();
        detach_children(&mut self.0, &mut pending);
        while let Some(mut child) = pending.pop() {
            detach_children(&mut child.0, &mut pending);
        }
    }
}

#[allow(clippy::vec_box)] // the boxes of `Value`
fn detach_children(value: &mut Value, pending: &mut Vec<Box<KraitValue>>) {
    match value {
        Value::List(items) => pending.append(items),
        Value::Dict(pairs) => {
            for (key, item) in pairs.drain(..) {
                pending.push(key);
                pending.push(item);
            }
        }
        _ => {}
    }
}

/// A new `None` value. Free it with `krait_value_free` (as every constructor's result).
#[unsafe(no_mangle)]
pub extern "C" fn krait_value_none() -> *mut KraitValue {
    quiet(std::ptr::null_mut(), || KraitValue(Value::None).into_raw())
}

/// A new bool value.
#[unsafe(no_mangle)]
pub extern "C" fn krait_value_bool(value: bool) -> *mut KraitValue {
    quiet(std::ptr::null_mut(), || {
        KraitValue(Value::Bool(value)).into_raw()
    })
}

/// A new int value.
#[unsafe(no_mangle)]
pub extern "C" fn krait_value_int(value: i64) -> *mut KraitValue {
    quiet(std::ptr::null_mut(), || {
        KraitValue(Value::Int(value)).into_raw()
    })
}

/// A new float value.
#[unsafe(no_mangle)]
pub extern "C" fn krait_value_float(value: f64) -> *mut KraitValue {
    quiet(std::ptr::null_mut(), || {
        KraitValue(Value::Float(value)).into_raw()
    })
}

/// A new str value holding a copy of `len` bytes of UTF-8 at `utf8` (NUL bytes
/// allowed; `utf8` may be NULL when `len` is 0). Returns NULL, with the reason in
/// `krait_last_error()`, when the bytes are not valid UTF-8 or `utf8` is NULL.
///
/// # Safety
/// `utf8` is NULL or points to `len` readable bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn krait_value_str(utf8: *const c_char, len: usize) -> *mut KraitValue {
    or_null(|| {
        // SAFETY: the caller guarantees `len` readable bytes.
        let bytes = unsafe { byte_slice(utf8.cast(), len, "utf8") }?;
        let text = std::str::from_utf8(bytes).map_err(|e| {
            Error::Usage(format!(
                "krait_value_str: the text is not valid UTF-8 (bad byte at offset {})",
                e.valid_up_to()
            ))
        })?;
        Ok(KraitValue(Value::Str(Text::new(text))).into_raw())
    })
}

/// A new bytes value holding a copy of `len` bytes at `data` (`data` may be NULL
/// when `len` is 0). Returns NULL, with the reason in `krait_last_error()`, when
/// `data` is NULL.
///
/// # Safety
/// `data` is NULL or points to `len` readable bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn krait_value_bytes(data: *const u8, len: usize) -> *mut KraitValue {
    or_null(|| {
        // SAFETY: the caller guarantees `len` readable bytes.
        let bytes = unsafe { byte_slice(data, len, "data") }?;
        Ok(KraitValue(Value::Bytes(Blob::new(bytes))).into_raw())
    })
}

/// A new empty list; add items with `krait_list_push`.
#[unsafe(no_mangle)]
pub extern "C" fn krait_value_list() -> *mut KraitValue {
    quiet(std::ptr::null_mut(), || {
        KraitValue(Value::List(Vec::new())).into_raw()
    })
}

/// A new empty dict; add entries with `krait_dict_insert`.
#[unsafe(no_mangle)]
pub extern "C" fn krait_value_dict() -> *mut KraitValue {
    quiet(std::ptr::null_mut(), || {
        KraitValue(Value::Dict(Vec::new())).into_raw()
    })
}

/// Frees a value and everything nested in it. NULL is allowed and ignored.
/// Never free a value borrowed from a list or dict, nor one handed to
/// `krait_list_push` or `krait_dict_insert` successfully.
///
/// # Safety
/// `value` is NULL or an owned value from krait that was not freed.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn krait_value_free(value: *mut KraitValue) {
    quiet((), || {
        if !value.is_null() {
            // SAFETY: the caller hands back ownership of a value krait boxed.
            drop(unsafe { Box::from_raw(value) });
        }
    })
}

/// `len` bytes at `ptr` as a slice; NULL is fine for an empty slice.
///
/// # Safety
/// `ptr` is NULL or points to `len` readable bytes that outlive `'a`.
unsafe fn byte_slice<'a>(ptr: *const u8, len: usize, what: &str) -> Result<&'a [u8], Error> {
    if len == 0 {
        return Ok(&[]);
    }
    if ptr.is_null() {
        return Err(super::args::null(what));
    }
    // SAFETY: non-null, and the caller guarantees `len` readable bytes.
    Ok(unsafe { std::slice::from_raw_parts(ptr, len) })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_and_bytes_keep_a_trailing_nul() {
        let text = Text::new("h\u{e9}\0llo");
        assert_eq!(text.as_str(), "h\u{e9}\0llo");
        // SAFETY: the stored text ends with NUL.
        assert_eq!(unsafe { *text.as_c_ptr().add(7) }, 0);
        assert_eq!(Blob::new(&[]).as_slice(), b"");
        assert_eq!(Blob::new(&[0, 255]).as_slice(), [0, 255]);
    }

    #[test]
    fn deep_trees_free_and_search_without_recursion() {
        let mut value = KraitValue(Value::None);
        for _ in 0..200_000 {
            value = KraitValue(Value::List(vec![Box::new(value)]));
        }
        assert!(!value.contains(std::ptr::null()));
        drop(value);
    }

    #[test]
    fn invalid_utf8_gives_null() {
        // SAFETY: pointers and lengths describe the literals.
        unsafe {
            assert!(krait_value_str(c"\xff".as_ptr(), 1).is_null());
            assert!(krait_value_str(std::ptr::null(), 3).is_null());
            let empty = krait_value_str(std::ptr::null(), 0);
            assert!(!empty.is_null());
            krait_value_free(empty);
        }
    }
}
