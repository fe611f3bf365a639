//! Python values to and from the worker's wire format (see `wire`): the same
//! kinds the in-process interpreter converts by value, and a handle for every
//! other object.

use pyo3::ffi;

use super::handles::Handles;
use super::wire::{self, Item, Reader};
use crate::core::{Error, Gil, PyRef, Result};

/// Containers nested deeper than this (or cyclic ones) are refused.
pub const MAX_DEPTH: usize = 200;

/// The numpy dtype characters that cross as `NDArray`s.
const NDARRAY_DTYPES: &str = "?bBhHiIlLqQfd";

fn io(err: std::io::Error) -> Error {
    Error::Usage(format!("malformed request from the JVM: {err}"))
}

fn too_deep() -> Error {
    Error::Conversion(format!(
        "a value nested deeper than {MAX_DEPTH} levels (or a cyclic one) cannot cross the process boundary"
    ))
}

/// Writes `value` to `out`, lending a handle for objects without a wire type.
pub fn encode(
    value: &PyRef<'_>,
    out: &mut Vec<u8>,
    handles: &mut Handles,
    depth: usize,
) -> Result<()> {
    if depth > MAX_DEPTH {
        return Err(too_deep());
    }
    let gil = value.gil();
    let ptr = value.as_ptr();
    // SAFETY: each check reads the type of a live object; we hold the GIL.
    unsafe {
        if ptr == ffi::Py_None() {
            let _ = rmp::encode::write_nil(out);
        } else if ffi::PyBool_Check(ptr) != 0 {
            let _ = rmp::encode::write_bool(out, ptr == ffi::Py_True());
        } else if ffi::PyLong_Check(ptr) != 0 {
            encode_int(value, out)?;
        } else if ffi::PyFloat_Check(ptr) != 0 {
            let _ = rmp::encode::write_f64(out, ffi::PyFloat_AsDouble(ptr));
        } else if ffi::PyUnicode_Check(ptr) != 0 {
            encode_str(value, out)?;
        } else if ffi::PyBytes_Check(ptr) != 0 {
            let data = ffi::PyBytes_AsString(ptr).cast::<u8>();
            let len = ffi::PyBytes_Size(ptr) as usize;
            let _ = rmp::encode::write_bin(out, std::slice::from_raw_parts(data, len));
        } else if ffi::PyByteArray_Check(ptr) != 0 {
            let data = ffi::PyByteArray_AsString(ptr).cast::<u8>();
            let len = ffi::PyByteArray_Size(ptr) as usize;
            let _ = rmp::encode::write_bin(out, std::slice::from_raw_parts(data, len));
        } else if ffi::PyList_Check(ptr) != 0 {
            let items = gil.owned(ffi::PySequence_Tuple(ptr))?;
            encode_items(&items, out, handles, depth)?;
        } else if ffi::PyTuple_Check(ptr) != 0 {
            nested(out, wire::EXT_TUPLE, |inner| {
                encode_items(value, inner, handles, depth)
            })?;
        } else if ffi::PyAnySet_Check(ptr) != 0 {
            let tag = if ffi::PyFrozenSet_Check(ptr) != 0 {
                wire::EXT_FROZENSET
            } else {
                wire::EXT_SET
            };
            let items = gil.owned(ffi::PySequence_Tuple(ptr))?;
            nested(out, tag, |inner| {
                encode_items(&items, inner, handles, depth)
            })?;
        } else if ffi::PyDict_Check(ptr) != 0 {
            encode_dict(value, out, handles, depth)?;
        } else if is_ndarray(value) {
            encode_ndarray(value, out, handles)?;
        } else {
            let handle = handles.lend(value.clone_ref())?;
            wire::write_ext_header(out, wire::EXT_HANDLE, 8);
            out.extend_from_slice(&handle.to_be_bytes());
        }
    }
    Ok(())
}

/// Writes the items of a tuple as a MessagePack array.
fn encode_items(
    tuple: &PyRef<'_>,
    out: &mut Vec<u8>,
    handles: &mut Handles,
    depth: usize,
) -> Result<()> {
    let gil = tuple.gil();
    // SAFETY: tuple is a live tuple; we hold the GIL.
    let len = unsafe { ffi::PyTuple_Size(tuple.as_ptr()) };
    let _ = rmp::encode::write_array_len(out, len as u32);
    for index in 0..len {
        // SAFETY: index is in range; the item is borrowed from the live tuple.
        let item = gil.borrowed(unsafe { ffi::PyTuple_GetItem(tuple.as_ptr(), index) })?;
        encode(&item, out, handles, depth + 1)?;
    }
    Ok(())
}

fn encode_dict(
    dict: &PyRef<'_>,
    out: &mut Vec<u8>,
    handles: &mut Handles,
    depth: usize,
) -> Result<()> {
    let gil = dict.gil();
    // SAFETY: dict is a live dict; PyDict_Items returns a new list of pairs.
    let items = gil.owned(unsafe { ffi::PyDict_Items(dict.as_ptr()) })?;
    // SAFETY: items is a live list.
    let len = unsafe { ffi::PyList_Size(items.as_ptr()) };
    let _ = rmp::encode::write_map_len(out, len as u32);
    for index in 0..len {
        // SAFETY: index is in range of the live list; the pair is a 2-tuple.
        let pair = gil.borrowed(unsafe { ffi::PyList_GetItem(items.as_ptr(), index) })?;
        for part in 0..2 {
            // SAFETY: part is 0 or 1 of a 2-tuple.
            let item = gil.borrowed(unsafe { ffi::PyTuple_GetItem(pair.as_ptr(), part) })?;
            encode(&item, out, handles, depth + 1)?;
        }
    }
    Ok(())
}

/// Writes an extension whose payload is what `fill` encodes.
fn nested(out: &mut Vec<u8>, tag: i8, fill: impl FnOnce(&mut Vec<u8>) -> Result<()>) -> Result<()> {
    let mut inner = Vec::new();
    fill(&mut inner)?;
    wire::write_ext_header(out, tag, inner.len());
    out.extend_from_slice(&inner);
    Ok(())
}

fn encode_int(value: &PyRef<'_>, out: &mut Vec<u8>) -> Result<()> {
    let mut overflow = 0;
    // SAFETY: value is a live int; we hold the GIL.
    let small = unsafe { ffi::PyLong_AsLongLongAndOverflow(value.as_ptr(), &mut overflow) };
    if overflow == 0 {
        if small == -1 {
            // SAFETY: checking for an error of the conversion just made.
            if unsafe { !ffi::PyErr_Occurred().is_null() } {
                return Err(value.gil().take_error());
            }
        }
        let _ = rmp::encode::write_sint(out, small);
        return Ok(());
    }
    let gil = value.gil();
    let bits = value
        .getattr("bit_length")?
        .call(&crate::core::tuple(gil, vec![])?, None)?;
    // SAFETY: bit_length() returns a small int.
    let bits = unsafe { ffi::PyLong_AsLongLong(bits.as_ptr()) };
    let length = gil.owned(unsafe {
        // SAFETY: creating an int from a plain number.
        ffi::PyLong_FromLongLong(bits / 8 + 1)
    })?;
    let args = crate::core::tuple(gil, vec![length, gil.str("big")?])?;
    let kwargs = gil.owned(unsafe {
        // SAFETY: a new empty dict.
        ffi::PyDict_New()
    })?;
    // SAFETY: kwargs is a live dict, the key a C string, the value the True singleton.
    if unsafe { ffi::PyDict_SetItemString(kwargs.as_ptr(), c"signed".as_ptr(), ffi::Py_True()) }
        != 0
    {
        return Err(gil.take_error());
    }
    let bytes = value.getattr("to_bytes")?.call(&args, Some(&kwargs))?;
    // SAFETY: to_bytes returns a live bytes object.
    let data = unsafe { bytes_of(&bytes) };
    wire::write_ext_header(out, wire::EXT_BIG_INT, data.len());
    out.extend_from_slice(data);
    Ok(())
}

/// The contents of a bytes object.
///
/// # Safety
/// `bytes` must be a `bytes` object; the slice lives as long as the reference.
pub unsafe fn bytes_of<'a>(bytes: &'a PyRef<'_>) -> &'a [u8] {
    // SAFETY: per the contract, a live bytes object owns this buffer.
    unsafe {
        let data = ffi::PyBytes_AsString(bytes.as_ptr()).cast::<u8>();
        std::slice::from_raw_parts(data, ffi::PyBytes_Size(bytes.as_ptr()) as usize)
    }
}

fn encode_str(value: &PyRef<'_>, out: &mut Vec<u8>) -> Result<()> {
    let mut len: ffi::Py_ssize_t = 0;
    // SAFETY: value is a live str; the UTF-8 buffer is cached in the object.
    let data = unsafe { ffi::PyUnicode_AsUTF8AndSize(value.as_ptr(), &mut len) };
    if !data.is_null() {
        // SAFETY: data points at len bytes of UTF-8 owned by the live str.
        let text = unsafe { std::slice::from_raw_parts(data.cast::<u8>(), len as usize) };
        let _ = rmp::encode::write_str_len(out, len as u32);
        out.extend_from_slice(text);
        return Ok(());
    }
    // Lone surrogates have no UTF-8 form: send the UTF-16 code units.
    // SAFETY: clearing the UnicodeEncodeError just raised.
    unsafe { ffi::PyErr_Clear() };
    let gil = value.gil();
    // SAFETY: a live str and C-string codec arguments.
    let units = gil.owned(unsafe {
        ffi::PyUnicode_AsEncodedString(
            value.as_ptr(),
            c"utf-16-le".as_ptr(),
            c"surrogatepass".as_ptr(),
        )
    })?;
    // SAFETY: the codec returned a bytes object.
    let data = unsafe { bytes_of(&units) };
    wire::write_ext_header(out, wire::EXT_UTF16, data.len());
    out.extend_from_slice(data);
    Ok(())
}

fn is_ndarray(value: &PyRef<'_>) -> bool {
    // SAFETY: tp_name of a live object's type is a C string.
    let name = unsafe { std::ffi::CStr::from_ptr((*ffi::Py_TYPE(value.as_ptr())).tp_name) };
    name == c"numpy.ndarray"
}

fn encode_ndarray(value: &PyRef<'_>, out: &mut Vec<u8>, handles: &mut Handles) -> Result<()> {
    let dtype = value.getattr("dtype")?.getattr("char")?.str_lossy();
    if dtype.len() != 1 || !NDARRAY_DTYPES.contains(dtype.as_str()) {
        let handle = handles.lend(value.clone_ref())?;
        wire::write_ext_header(out, wire::EXT_HANDLE, 8);
        out.extend_from_slice(&handle.to_be_bytes());
        return Ok(());
    }
    let gil = value.gil();
    let shape = value.getattr("shape")?;
    let data = value
        .getattr("tobytes")?
        .call(&crate::core::tuple(gil, vec![])?, None)?;
    let mut inner = Vec::new();
    let _ = rmp::encode::write_array_len(&mut inner, 3);
    let _ = rmp::encode::write_str(&mut inner, &dtype);
    // SAFETY: shape is a live tuple of ints.
    let dims = unsafe { ffi::PyTuple_Size(shape.as_ptr()) };
    let _ = rmp::encode::write_array_len(&mut inner, dims as u32);
    for index in 0..dims {
        // SAFETY: index in range; a borrowed int of the live tuple.
        let dim = unsafe { ffi::PyLong_AsLongLong(ffi::PyTuple_GetItem(shape.as_ptr(), index)) };
        let _ = rmp::encode::write_sint(&mut inner, dim);
    }
    // SAFETY: tobytes returns a bytes object.
    let _ = rmp::encode::write_bin(&mut inner, unsafe { bytes_of(&data) });
    wire::write_ext_header(out, wire::EXT_NDARRAY, inner.len());
    out.extend_from_slice(&inner);
    Ok(())
}

/// Reads one value from `reader` as a new Python object.
pub fn decode<'py>(
    gil: Gil<'py>,
    reader: &mut Reader<'_>,
    handles: &Handles,
    depth: usize,
) -> Result<PyRef<'py>> {
    if depth > MAX_DEPTH {
        return Err(too_deep());
    }
    let item = reader.item().map_err(io)?;
    match item {
        Item::Nil => Ok(gil.none()),
        // SAFETY: a constructor from a plain value; we hold the GIL.
        Item::Bool(v) => gil.owned(unsafe { ffi::PyBool_FromLong(v.into()) }),
        // SAFETY: as above.
        Item::Int(v) => gil.owned(unsafe { ffi::PyLong_FromLongLong(v) }),
        // SAFETY: as above.
        Item::UInt(v) => gil.owned(unsafe { ffi::PyLong_FromUnsignedLongLong(v) }),
        // SAFETY: as above.
        Item::Float(v) => gil.owned(unsafe { ffi::PyFloat_FromDouble(v) }),
        // SAFETY: pointer and length describe the frame's bytes; the error handler is a C string.
        Item::Str(bytes) => gil.owned(unsafe {
            ffi::PyUnicode_DecodeUTF8(
                bytes.as_ptr().cast(),
                bytes.len() as _,
                c"surrogatepass".as_ptr(),
            )
        }),
        // SAFETY: pointer and length describe the frame's bytes.
        Item::Bin(bytes) => gil.owned(unsafe {
            ffi::PyBytes_FromStringAndSize(bytes.as_ptr().cast(), bytes.len() as _)
        }),
        Item::Array(n) => {
            // SAFETY: a new list of n empty slots, each filled below (or left
            // empty on failure, which list deallocation allows).
            let list = gil.owned(unsafe { ffi::PyList_New(n as _) })?;
            for index in 0..n {
                let item = decode(gil, reader, handles, depth + 1)?;
                // SAFETY: index in range of the new list, which steals the reference.
                unsafe { ffi::PyList_SetItem(list.as_ptr(), index as _, item.into_ptr()) };
            }
            Ok(list)
        }
        Item::Map(n) => {
            // SAFETY: a new empty dict; we hold the GIL.
            let dict = gil.owned(unsafe { ffi::PyDict_New() })?;
            for _ in 0..n {
                let key = decode(gil, reader, handles, depth + 1)?;
                let value = decode(gil, reader, handles, depth + 1)?;
                // SAFETY: a live dict, key and value (not stolen).
                if unsafe { ffi::PyDict_SetItem(dict.as_ptr(), key.as_ptr(), value.as_ptr()) } != 0
                {
                    return Err(gil.take_error());
                }
            }
            Ok(dict)
        }
        Item::Ext(tag, payload) => decode_ext(gil, tag, payload, handles, depth),
    }
}

fn decode_ext<'py>(
    gil: Gil<'py>,
    tag: i8,
    payload: &[u8],
    handles: &Handles,
    depth: usize,
) -> Result<PyRef<'py>> {
    match tag {
        wire::EXT_BIG_INT => {
            // SAFETY: builds a bytes object from the payload; we hold the GIL.
            let bytes = gil.owned(unsafe {
                ffi::PyBytes_FromStringAndSize(payload.as_ptr().cast(), payload.len() as _)
            })?;
            let int_type = gil.builtins()?.getattr("int")?;
            let from_bytes = int_type.getattr("from_bytes")?;
            let args = crate::core::tuple(gil, vec![bytes, gil.str("big")?])?;
            let kwargs = gil.owned(unsafe {
                // SAFETY: a new empty dict.
                ffi::PyDict_New()
            })?;
            // SAFETY: a live dict, a C-string key and the True singleton.
            unsafe {
                ffi::PyDict_SetItemString(kwargs.as_ptr(), c"signed".as_ptr(), ffi::Py_True())
            };
            from_bytes.call(&args, Some(&kwargs))
        }
        wire::EXT_TUPLE | wire::EXT_SET | wire::EXT_FROZENSET => {
            let mut inner = Reader::new(payload);
            let list = decode(gil, &mut inner, handles, depth + 1)?;
            // SAFETY: list is a live list (the payload is an array).
            gil.owned(unsafe {
                match tag {
                    wire::EXT_TUPLE => ffi::PySequence_Tuple(list.as_ptr()),
                    wire::EXT_SET => ffi::PySet_New(list.as_ptr()),
                    _ => ffi::PyFrozenSet_New(list.as_ptr()),
                }
            })
        }
        wire::EXT_UTF16 => gil.owned(unsafe {
            // SAFETY: decoding payload bytes with a C-string codec and handler.
            ffi::PyUnicode_Decode(
                payload.as_ptr().cast(),
                payload.len() as _,
                c"utf-16-le".as_ptr(),
                c"surrogatepass".as_ptr(),
            )
        }),
        wire::EXT_HANDLE => {
            let handle = <[u8; 8]>::try_from(payload)
                .map(u64::from_be_bytes)
                .map_err(|_| Error::Usage("malformed handle from the JVM".into()))?;
            handles.get(gil, handle)
        }
        wire::EXT_NDARRAY => decode_ndarray(gil, payload),
        other => Err(Error::Usage(format!(
            "unknown value tag {other} from the JVM"
        ))),
    }
}

fn decode_ndarray<'py>(gil: Gil<'py>, payload: &[u8]) -> Result<PyRef<'py>> {
    let mut reader = Reader::new(payload);
    let malformed = |e: std::io::Error| io(e);
    reader.array().map_err(malformed)?;
    let dtype = reader.str().map_err(malformed)?.to_string();
    let dims = reader.array().map_err(malformed)?;
    let mut shape = Vec::with_capacity(dims);
    for _ in 0..dims {
        let dim = reader.int().map_err(malformed)?;
        // SAFETY: an int from a plain number.
        shape.push(gil.owned(unsafe { ffi::PyLong_FromLongLong(dim) })?);
    }
    let data = match reader.item().map_err(malformed)? {
        Item::Bin(data) => data,
        other => return Err(io(wire::unexpected("array data", &other))),
    };
    let numpy = gil.import("numpy")?;
    // SAFETY: a bytes object from the payload.
    let bytes = gil
        .owned(unsafe { ffi::PyBytes_FromStringAndSize(data.as_ptr().cast(), data.len() as _) })?;
    let args = crate::core::tuple(gil, vec![bytes, gil.str(&dtype)?])?;
    let flat = numpy.getattr("frombuffer")?.call(&args, None)?;
    let shape = crate::core::tuple(gil, shape)?;
    let shaped = flat.getattr("reshape")?.call1(&shape)?;
    shaped
        .getattr("copy")?
        .call(&crate::core::tuple(gil, vec![])?, None)
}
