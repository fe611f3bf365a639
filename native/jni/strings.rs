//! Strings across the boundary as UTF-16, exactly: every Java `String`
//! (including lone surrogates and non-BMP characters) round-trips through a
//! Python `str` unchanged. Modified UTF-8 is never used for user data.
//! Long Latin-1 text (every character below 256, the common case) crosses as
//! bytes instead, with one copy each way (see [`super::compact_string`]): a
//! Latin-1 `String`'s own byte array into a one-byte `str`, and a one-byte
//! `str`'s data into the byte array of a new `String`; UTF-16 only for text
//! that needs it.

use jni::sys::{jobject, jsize};
use pyo3::ffi;

use super::env::{jni_call, Env, Failure, JResult, Local};
use crate::core::{Error, Gil, PyRef};

/// The UTF-16 code units of a Java string.
pub fn utf16(env: Env<'_>, string: jobject) -> JResult<Vec<u16>> {
    let len = jni_call!(env, v1_2, GetStringLength, string);
    let mut units = vec![0u16; len as usize];
    jni_call!(
        env,
        v1_2,
        GetStringRegion,
        string,
        0,
        len,
        units.as_mut_ptr()
    );
    env.check()?;
    Ok(units)
}

/// A Java string as Rust text (for code and names); lone surrogates are an error.
pub fn to_rust(env: Env<'_>, string: jobject, what: &str) -> JResult<String> {
    if string.is_null() {
        return Err(Failure::Core(Error::Usage(format!(
            "{what} must not be null"
        ))));
    }
    String::from_utf16(&utf16(env, string)?).map_err(|_| {
        Failure::Core(Error::Usage(format!(
            "{what} contains an unpaired surrogate and is not valid text"
        )))
    })
}

/// Strings at least this long (in characters) cross as Latin-1 bytes when
/// they can; shorter ones are cheaper as UTF-16 (one JNI call).
const LATIN1_MIN: usize = 1024;

/// A Java string as a Python `str`.
pub fn to_python<'py>(env: Env<'_>, gil: Gil<'py>, string: jobject) -> JResult<PyRef<'py>> {
    let len = jni_call!(env, v1_2, GetStringLength, string);
    if usize::try_from(len).unwrap_or_default() >= LATIN1_MIN {
        if let Some(layout) = super::compact_string::layout(env)? {
            if let Some(bytes) = layout.latin1_bytes(env, string)? {
                return latin1_to_python(env, gil, &bytes);
            }
        }
    }
    let units = utf16(env, string)?;
    Ok(utf16_to_python(gil, &units)?)
}

/// Latin-1 bytes (a Java `byte[]`) as a Python `str`, read in place.
fn latin1_to_python<'py>(env: Env<'_>, gil: Gil<'py>, bytes: &Local<'_>) -> JResult<PyRef<'py>> {
    let len = env.array_length(bytes.as_raw());
    let data = jni_call!(
        env,
        v1_2,
        GetPrimitiveArrayCritical,
        bytes.as_raw(),
        std::ptr::null_mut()
    );
    if data.is_null() {
        env.check()?;
        return Err(Failure::Core(Error::Internal(
            "could not read the bytes of a Java string".into(),
        )));
    }
    // SAFETY: `data` holds the `len` bytes of the array until released below;
    // only CPython (no JNI call) runs inside the critical region.
    let text = unsafe { latin1_str(std::slice::from_raw_parts(data.cast(), len as usize)) };
    jni_call!(
        env,
        v1_2,
        ReleasePrimitiveArrayCritical,
        bytes.as_raw(),
        data,
        jni::sys::JNI_ABORT
    );
    Ok(gil.owned(text)?)
}

/// How many bytes [`latin1_str`] copies before checking them.
const ASCII_CHUNK: usize = 4096;

/// Latin-1 bytes as a new Python `str` (null with a Python error on failure).
/// Mostly ASCII, so it is made as an ASCII `str` whose bytes are checked a
/// chunk at a time right after copying (while in cache): one pass over the
/// text instead of CPython's two (the scan for the largest character, then
/// the copy). A byte above 0x7F gives up the ASCII `str` for CPython's decoder.
///
/// # Safety
/// The GIL is held.
unsafe fn latin1_str(bytes: &[u8]) -> *mut ffi::PyObject {
    let len = bytes.len() as ffi::Py_ssize_t;
    // SAFETY: per the contract; a new ASCII str of `len` characters (or null).
    let ascii = unsafe { ffi::PyUnicode_New(len, 127) };
    if ascii.is_null() {
        return ascii;
    }
    // SAFETY: a new compact ASCII str stores `len` bytes (plus a NUL) at its
    // data, which nothing else has seen yet.
    let data = unsafe {
        std::slice::from_raw_parts_mut(ffi::PyUnicode_DATA(ascii).cast::<u8>(), bytes.len())
    };
    for (to, from) in data.chunks_mut(ASCII_CHUNK).zip(bytes.chunks(ASCII_CHUNK)) {
        to.copy_from_slice(from);
        if !to.is_ascii() {
            // SAFETY: dropping the unfinished str (never shared); decoding
            // `len` bytes with the GIL held.
            unsafe {
                ffi::Py_DECREF(ascii);
                return ffi::PyUnicode_DecodeLatin1(bytes.as_ptr().cast(), len, std::ptr::null());
            }
        }
    }
    ascii
}

/// UTF-16 code units as a Python `str` (surrogate pairs combine, lone ones stay).
pub fn utf16_to_python<'py>(gil: Gil<'py>, units: &[u16]) -> crate::core::Result<PyRef<'py>> {
    let has_surrogates = units.iter().any(|u| (0xD800..0xE000).contains(u));
    if !has_surrogates {
        // SAFETY: the buffer holds `len` UCS-2 code units; CPython copies them.
        return gil.owned(unsafe {
            ffi::PyUnicode_FromKindAndData(
                ffi::PyUnicode_2BYTE_KIND as _,
                units.as_ptr().cast(),
                units.len() as ffi::Py_ssize_t,
            )
        });
    }
    let mut order: std::ffi::c_int = if cfg!(target_endian = "little") {
        -1
    } else {
        1
    };
    // SAFETY: the buffer holds 2*len bytes of UTF-16 in native order.
    gil.owned(unsafe {
        ffi::PyUnicode_DecodeUTF16(
            units.as_ptr().cast(),
            (units.len() * 2) as ffi::Py_ssize_t,
            c"surrogatepass".as_ptr(),
            &mut order,
        )
    })
}

/// A Python `str` as a new Java string.
pub fn from_python<'env>(env: Env<'env>, text: &PyRef<'_>) -> JResult<Local<'env>> {
    let obj = text.as_ptr();
    // SAFETY: `obj` is a str; on < 3.12 it must be made ready before reading its data.
    #[cfg(not(Py_3_12))]
    unsafe {
        #[allow(deprecated)]
        if ffi::PyUnicode_READY(obj) != 0 {
            return Err(text.gil().take_error().into());
        }
    }
    // SAFETY: `obj` is a ready str, so kind, length and data describe its buffer.
    let (kind, len, data) = unsafe {
        (
            ffi::PyUnicode_KIND(obj),
            ffi::PyUnicode_GET_LENGTH(obj) as usize,
            ffi::PyUnicode_DATA(obj),
        )
    };
    match kind {
        ffi::PyUnicode_2BYTE_KIND => {
            // SAFETY: a 2-byte str stores `len` u16 code points, exactly UTF-16 units.
            let units = unsafe { std::slice::from_raw_parts(data.cast::<u16>(), len) };
            new_string(env, units)
        }
        ffi::PyUnicode_1BYTE_KIND => {
            // SAFETY: a 1-byte str stores `len` Latin-1 bytes.
            let bytes = unsafe { std::slice::from_raw_parts(data.cast::<u8>(), len) };
            if len >= LATIN1_MIN {
                if let Some(layout) = super::compact_string::layout(env)? {
                    let array = super::primitive::Prim::Byte.array_from_bytes(env, bytes)?;
                    return layout.latin1_string(env, &array);
                }
            }
            let units: Vec<u16> = bytes.iter().map(|&b| u16::from(b)).collect();
            new_string(env, &units)
        }
        _ => {
            // SAFETY: a 4-byte str stores `len` u32 code points.
            let points = unsafe { std::slice::from_raw_parts(data.cast::<u32>(), len) };
            let mut units = Vec::with_capacity(len + len / 2);
            for &point in points {
                if point > 0xFFFF {
                    let v = point - 0x1_0000;
                    units.push(0xD800 + (v >> 10) as u16);
                    units.push(0xDC00 + (v & 0x3FF) as u16);
                } else {
                    units.push(point as u16);
                }
            }
            new_string(env, &units)
        }
    }
}

/// Rust text as a new Java string.
pub fn from_rust<'env>(env: Env<'env>, text: &str) -> JResult<Local<'env>> {
    let units: Vec<u16> = text.encode_utf16().collect();
    new_string(env, &units)
}

fn new_string<'env>(env: Env<'env>, units: &[u16]) -> JResult<Local<'env>> {
    let len = jsize::try_from(units.len()).map_err(|_| super::env::too_large(units.len()))?;
    let string = jni_call!(env, v1_2, NewString, units.as_ptr(), len);
    env.non_null(string, "a new string")
}
