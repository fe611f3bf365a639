//! Reading a `KraitValue`: its tag, scalars, text, bytes, and borrowed items of
//! lists and dicts. Accessors never fail: on a NULL value or the wrong tag they
//! return 0, false, 0.0 or NULL (and store 0 through a length pointer), and they
//! leave `krait_last_error()` alone.

use std::ffi::c_char;

use super::error::quiet;
use super::value::{KraitTag, KraitValue, Value};

/// The data of `value`, if it is not NULL.
///
/// # Safety
/// `value` is NULL or a live value.
unsafe fn data<'a>(value: *const KraitValue) -> Option<&'a Value> {
    // SAFETY: the caller passes NULL or a live value.
    unsafe { value.as_ref() }.map(|v| &v.0)
}

/// Stores `len` through `out` unless `out` is NULL.
///
/// # Safety
/// `out` is NULL or writable.
unsafe fn store_len(out: *mut usize, len: usize) {
    // SAFETY: the caller passes NULL or a writable size_t.
    if let Some(out) = unsafe { out.as_mut() } {
        *out = len;
    }
}

/// The tag of `value`; `KRAIT_TAG_NONE` for NULL.
///
/// # Safety
/// `value` is NULL or a live value.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn krait_value_tag(value: *const KraitValue) -> KraitTag {
    quiet(KraitTag::None, || {
        // SAFETY: the caller passes NULL or a live value.
        let value = unsafe { value.as_ref() };
        value.map_or(KraitTag::None, KraitValue::tag)
    })
}

/// The bool of a BOOL value; false for any other tag.
///
/// # Safety
/// `value` is NULL or a live value.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn krait_value_as_bool(value: *const KraitValue) -> bool {
    quiet(false, || {
        // SAFETY: the caller passes NULL or a live value.
        let data = unsafe { data(value) };
        matches!(data, Some(Value::Bool(true)))
    })
}

/// The integer of an INT value; 0 for any other tag.
///
/// # Safety
/// `value` is NULL or a live value.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn krait_value_as_int(value: *const KraitValue) -> i64 {
    quiet(0, || {
        // SAFETY: the caller passes NULL or a live value.
        let data = unsafe { data(value) };
        match data {
            Some(Value::Int(n)) => *n,
            _ => 0,
        }
    })
}

/// The number of a FLOAT value; 0.0 for any other tag (an INT is not converted).
///
/// # Safety
/// `value` is NULL or a live value.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn krait_value_as_float(value: *const KraitValue) -> f64 {
    quiet(0.0, || {
        // SAFETY: the caller passes NULL or a live value.
        let data = unsafe { data(value) };
        match data {
            Some(Value::Float(x)) => *x,
            _ => 0.0,
        }
    })
}

/// The UTF-8 text of a STR value, NUL-terminated (it may also contain NUL
/// characters: use `*len`, the length in bytes without the terminator, when
/// that matters). Borrowed from `value`: valid until it is freed. NULL (and
/// `*len` = 0) for any other tag. `len` may be NULL.
///
/// # Safety
/// `value` is NULL or a live value; `len` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn krait_value_as_str(
    value: *const KraitValue,
    len: *mut usize,
) -> *const c_char {
    quiet(std::ptr::null(), || {
        // SAFETY: the caller passes NULL or a live value.
        let (ptr, size) = match unsafe { data(value) } {
            Some(Value::Str(text)) => (text.as_c_ptr(), text.as_str().len()),
            _ => (std::ptr::null(), 0),
        };
        // SAFETY: the caller passes NULL or a writable size_t.
        unsafe { store_len(len, size) };
        ptr
    })
}

/// The bytes of a BYTES value (never NULL, even when empty) and their count in
/// `*len`. Borrowed from `value`: valid until it is freed. NULL (and `*len` = 0)
/// for any other tag. `len` may be NULL.
///
/// # Safety
/// `value` is NULL or a live value; `len` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn krait_value_as_bytes(
    value: *const KraitValue,
    len: *mut usize,
) -> *const u8 {
    quiet(std::ptr::null(), || {
        // SAFETY: the caller passes NULL or a live value.
        let (ptr, size) = match unsafe { data(value) } {
            Some(Value::Bytes(blob)) => (blob.as_slice().as_ptr(), blob.as_slice().len()),
            _ => (std::ptr::null(), 0),
        };
        // SAFETY: the caller passes NULL or a writable size_t.
        unsafe { store_len(len, size) };
        ptr
    })
}

/// The number of items of a LIST, entries of a DICT, or bytes of a STR (UTF-8)
/// or BYTES value; 0 for any other tag.
///
/// # Safety
/// `value` is NULL or a live value.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn krait_value_len(value: *const KraitValue) -> usize {
    quiet(0, || {
        // SAFETY: the caller passes NULL or a live value.
        let data = unsafe { data(value) };
        match data {
            Some(Value::List(items)) => items.len(),
            Some(Value::Dict(pairs)) => pairs.len(),
            Some(Value::Str(text)) => text.as_str().len(),
            Some(Value::Bytes(blob)) => blob.as_slice().len(),
            _ => 0,
        }
    })
}

/// Item `index` of a LIST value, borrowed (valid until the list is freed; do not
/// free it). NULL for any other tag or an index out of range.
///
/// # Safety
/// `list` is NULL or a live value.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn krait_list_get(
    list: *const KraitValue,
    index: usize,
) -> *const KraitValue {
    quiet(std::ptr::null(), || {
        // SAFETY: the caller passes NULL or a live value.
        let data = unsafe { data(list) };
        match data {
            Some(Value::List(items)) => items.get(index).map_or(std::ptr::null(), |item| &**item),
            _ => std::ptr::null(),
        }
    })
}

/// The key of entry `index` (insertion order) of a DICT value, borrowed (valid
/// until the dict is freed; do not free it). NULL for any other tag or an index
/// out of range.
///
/// # Safety
/// `dict` is NULL or a live value.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn krait_dict_key(
    dict: *const KraitValue,
    index: usize,
) -> *const KraitValue {
    quiet(std::ptr::null(), || {
        // SAFETY: the caller passes NULL or a live value.
        let data = unsafe { data(dict) };
        match data {
            Some(Value::Dict(pairs)) => {
                pairs.get(index).map_or(std::ptr::null(), |(key, _)| &**key)
            }
            _ => std::ptr::null(),
        }
    })
}

/// The value of entry `index` (insertion order) of a DICT value, borrowed (valid
/// until the dict is freed; do not free it). NULL for any other tag or an index
/// out of range.
///
/// # Safety
/// `dict` is NULL or a live value.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn krait_dict_value(
    dict: *const KraitValue,
    index: usize,
) -> *const KraitValue {
    quiet(std::ptr::null(), || {
        // SAFETY: the caller passes NULL or a live value.
        let data = unsafe { data(dict) };
        match data {
            Some(Value::Dict(pairs)) => pairs
                .get(index)
                .map_or(std::ptr::null(), |(_, value)| &**value),
            _ => std::ptr::null(),
        }
    })
}
