//! The eight Java primitive kinds, in one place: their size, buffer format,
//! JNI signature letter, classes, and the per-kind JNI dispatch (new array,
//! array regions, fields, calls) and Python scalar conversion. Everything
//! else in krait asks this folder instead of matching on the kind itself.
//!
//! This module holds the kinds and their facts; the leaf `dispatch` holds the
//! per-kind JNI calls.

use std::ffi::CStr;

use jni::sys::{jmethodID, jobject, jvalue};
use pyo3::ffi;

use super::cache::Cache;
use super::env::Env;
use super::strings;
use crate::core::{Gil, PyRef};

mod dispatch;

/// A Java primitive type (not `void`).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[allow(missing_docs)]
pub enum Prim {
    Boolean,
    Byte,
    Char,
    Short,
    Int,
    Long,
    Float,
    Double,
}

impl Prim {
    /// Every kind, in JNI declaration order.
    pub const ALL: [Prim; 8] = [
        Prim::Boolean,
        Prim::Byte,
        Prim::Char,
        Prim::Short,
        Prim::Int,
        Prim::Long,
        Prim::Float,
        Prim::Double,
    ];

    /// The size of one value in bytes (as in a Java array).
    pub fn size(self) -> usize {
        match self {
            Prim::Boolean | Prim::Byte => 1,
            Prim::Char | Prim::Short => 2,
            Prim::Int | Prim::Float => 4,
            Prim::Long | Prim::Double => 8,
        }
    }

    /// The Python buffer (`struct`) format of one value in native order.
    pub fn format(self) -> &'static CStr {
        match self {
            Prim::Boolean => c"?",
            Prim::Byte => c"b",
            Prim::Char => c"H",
            Prim::Short => c"h",
            Prim::Int => c"i",
            Prim::Long => c"q",
            Prim::Float => c"f",
            Prim::Double => c"d",
        }
    }

    /// The JNI signature letter (`Z`, `B`, `C`, `S`, `I`, `J`, `F`, `D`).
    pub fn letter(self) -> char {
        match self {
            Prim::Boolean => 'Z',
            Prim::Byte => 'B',
            Prim::Char => 'C',
            Prim::Short => 'S',
            Prim::Int => 'I',
            Prim::Long => 'J',
            Prim::Float => 'F',
            Prim::Double => 'D',
        }
    }

    /// The Java name (`int`, `boolean`, …).
    pub fn name(self) -> &'static str {
        match self {
            Prim::Boolean => "boolean",
            Prim::Byte => "byte",
            Prim::Char => "char",
            Prim::Short => "short",
            Prim::Int => "int",
            Prim::Long => "long",
            Prim::Float => "float",
            Prim::Double => "double",
        }
    }

    /// The inclusive value range of an integral kind (None for the others).
    pub fn int_range(self) -> Option<(i64, i64)> {
        match self {
            Prim::Byte => Some((i8::MIN.into(), i8::MAX.into())),
            Prim::Short => Some((i16::MIN.into(), i16::MAX.into())),
            Prim::Int => Some((i32::MIN.into(), i32::MAX.into())),
            Prim::Long => Some((i64::MIN, i64::MAX)),
            _ => None,
        }
    }

    /// The kind whose values a Python buffer of this `struct` format and item
    /// size holds (byte order prefixes `@`, `=` and native `<`/`>` accepted).
    pub fn from_format(format: &str, itemsize: usize) -> Option<Prim> {
        let native = if cfg!(target_endian = "little") {
            '<'
        } else {
            '>'
        };
        let code = format.trim_start_matches(['@', '=', native]);
        let prim = match code {
            "b" | "B" | "c" => Prim::Byte,
            "?" => Prim::Boolean,
            "h" => Prim::Short,
            "H" => Prim::Char,
            "i" | "l" | "q" => match itemsize {
                4 => Prim::Int,
                8 => Prim::Long,
                _ => return None,
            },
            "f" => Prim::Float,
            "d" => Prim::Double,
            _ => return None,
        };
        (prim.size() == itemsize).then_some(prim)
    }

    /// `boolean.class`, `int.class`, … (a global reference of the cache).
    pub fn class(self, c: &Cache) -> jobject {
        let k = &c.class;
        match self {
            Prim::Boolean => k.prim_boolean,
            Prim::Byte => k.prim_byte,
            Prim::Char => k.prim_char,
            Prim::Short => k.prim_short,
            Prim::Int => k.prim_int,
            Prim::Long => k.prim_long,
            Prim::Float => k.prim_float,
            Prim::Double => k.prim_double,
        }
    }

    /// The box class (`Integer`, …) and its `valueOf` method.
    pub fn boxing(self, c: &Cache) -> (jobject, jmethodID) {
        let (k, m) = (&c.class, &c.method);
        match self {
            Prim::Boolean => (k.boolean, m.boolean_value_of),
            Prim::Byte => (k.byte, m.byte_value_of),
            Prim::Char => (k.character, m.character_value_of),
            Prim::Short => (k.short, m.short_value_of),
            Prim::Int => (k.integer, m.integer_value_of),
            Prim::Long => (k.long, m.long_value_of),
            Prim::Float => (k.float, m.float_value_of),
            Prim::Double => (k.double, m.double_value_of),
        }
    }

    /// The array class (`int[]`, …).
    pub fn array_class(self, c: &Cache) -> jobject {
        let k = &c.class;
        match self {
            Prim::Boolean => k.boolean_array,
            Prim::Byte => k.byte_array,
            Prim::Char => k.char_array,
            Prim::Short => k.short_array,
            Prim::Int => k.int_array,
            Prim::Long => k.long_array,
            Prim::Float => k.float_array,
            Prim::Double => k.double_array,
        }
    }

    /// The kind of a JNI signature letter (`I` → Int), if it is one.
    pub fn from_letter(letter: &str) -> Option<Prim> {
        Prim::ALL
            .into_iter()
            .find(|prim| letter.len() == 1 && letter.starts_with(prim.letter()))
    }

    /// The primitive kind `cls` is (`int.class` → Int), if it is one.
    pub fn of_class(env: Env<'_>, c: &Cache, cls: jobject) -> Option<Prim> {
        Prim::ALL
            .into_iter()
            .find(|prim| env.same(cls, prim.class(c)))
    }

    /// The box kind `cls` is (`Integer.class` → Int), if it is one.
    pub fn of_box_class(env: Env<'_>, c: &Cache, cls: jobject) -> Option<Prim> {
        Prim::ALL
            .into_iter()
            .find(|prim| env.same(cls, prim.boxing(c).0))
    }

    /// Appends `value` (of this kind) to `out` in native byte order.
    pub fn push_bytes(self, value: jvalue, out: &mut Vec<u8>) {
        // SAFETY: `value` holds the member of this kind (the caller's contract,
        // upheld by every producer of a typed jvalue in krait).
        unsafe {
            match self {
                Prim::Boolean => out.push(u8::from(value.z)),
                Prim::Byte => out.push(value.b as u8),
                Prim::Char => out.extend_from_slice(&value.c.to_ne_bytes()),
                Prim::Short => out.extend_from_slice(&value.s.to_ne_bytes()),
                Prim::Int => out.extend_from_slice(&value.i.to_ne_bytes()),
                Prim::Long => out.extend_from_slice(&value.j.to_ne_bytes()),
                Prim::Float => out.extend_from_slice(&value.f.to_ne_bytes()),
                Prim::Double => out.extend_from_slice(&value.d.to_ne_bytes()),
            }
        }
    }

    /// Reads one value of this kind from native-order `bytes` (at least `size()` long).
    pub fn read_bytes(self, bytes: &[u8]) -> jvalue {
        let mut raw = [0u8; 8];
        raw[..self.size()].copy_from_slice(&bytes[..self.size()]);
        let two = [raw[0], raw[1]];
        let four = [raw[0], raw[1], raw[2], raw[3]];
        match self {
            Prim::Boolean => jvalue { z: raw[0] != 0 },
            Prim::Byte => jvalue { b: raw[0] as i8 },
            Prim::Char => jvalue {
                c: u16::from_ne_bytes(two),
            },
            Prim::Short => jvalue {
                s: i16::from_ne_bytes(two),
            },
            Prim::Int => jvalue {
                i: i32::from_ne_bytes(four),
            },
            Prim::Long => jvalue {
                j: i64::from_ne_bytes(raw),
            },
            Prim::Float => jvalue {
                f: f32::from_ne_bytes(four),
            },
            Prim::Double => jvalue {
                d: f64::from_ne_bytes(raw),
            },
        }
    }

    /// The number hosts use for this kind across JNI (`jep.Invoker`): its place
    /// in [`Prim::ALL`] plus one (1 `boolean` … 8 `double`; 0 stands for null).
    pub fn code(self) -> u8 {
        Prim::ALL.iter().position(|&prim| prim == self).unwrap_or(0) as u8 + 1
    }

    /// The kind with this [`Prim::code`].
    pub fn from_code(code: u8) -> Option<Prim> {
        Prim::ALL.get(usize::from(code).checked_sub(1)?).copied()
    }

    /// A value of this kind from the `long` a host packed it in: integral kinds
    /// and `char` by value, `boolean` as 0 or 1, `float` and `double` as their
    /// raw IEEE bits (`Float.floatToRawIntBits`, `Double.doubleToRawLongBits`).
    pub fn value_of_bits(self, bits: i64) -> jvalue {
        match self {
            Prim::Boolean => jvalue { z: bits != 0 },
            Prim::Byte => jvalue { b: bits as i8 },
            Prim::Char => jvalue { c: bits as u16 },
            Prim::Short => jvalue { s: bits as i16 },
            Prim::Int => jvalue { i: bits as i32 },
            Prim::Long => jvalue { j: bits },
            Prim::Float => jvalue {
                f: f32::from_bits(bits as u32),
            },
            Prim::Double => jvalue {
                d: f64::from_bits(bits as u64),
            },
        }
    }

    /// The inverse of [`Prim::value_of_bits`].
    pub fn bits(self, value: jvalue) -> i64 {
        // SAFETY: `value` holds the member of this kind (the caller's contract,
        // upheld by every producer of a typed jvalue in krait).
        unsafe {
            match self {
                Prim::Boolean => i64::from(value.z),
                Prim::Byte => value.b.into(),
                Prim::Char => value.c.into(),
                Prim::Short => value.s.into(),
                Prim::Int => value.i.into(),
                Prim::Long => value.j,
                Prim::Float => value.f.to_bits().into(),
                Prim::Double => value.d.to_bits() as i64,
            }
        }
    }

    /// A Python scalar for `value` of this kind (`bool`, `int`, `float`, or a
    /// one-character `str` for `char`).
    pub fn to_python<'py>(self, gil: Gil<'py>, value: jvalue) -> crate::core::Result<PyRef<'py>> {
        // SAFETY: `value` holds the member of this kind; creating Python
        // scalars with the GIL held.
        let ptr = unsafe {
            match self {
                Prim::Boolean => ffi::PyBool_FromLong(value.z.into()),
                Prim::Byte => ffi::PyLong_FromLong(value.b.into()),
                Prim::Short => ffi::PyLong_FromLong(value.s.into()),
                Prim::Int => ffi::PyLong_FromLong(value.i.into()),
                Prim::Long => ffi::PyLong_FromLongLong(value.j),
                Prim::Float => ffi::PyFloat_FromDouble(value.f.into()),
                Prim::Double => ffi::PyFloat_FromDouble(value.d),
                Prim::Char => return strings::utf16_to_python(gil, &[value.c]),
            }
        };
        gil.owned(ptr)
    }
}

#[cfg(test)]
mod tests {
    use super::Prim;

    #[test]
    fn sizes_match_formats() {
        for prim in Prim::ALL {
            let format = prim.format().to_str().unwrap();
            assert_eq!(Prim::from_format(format, prim.size()), Some(prim));
        }
    }

    #[test]
    fn formats_with_wrong_item_size_are_refused() {
        assert_eq!(Prim::from_format("i", 8), Some(Prim::Long));
        assert_eq!(Prim::from_format("l", 4), Some(Prim::Int));
        assert_eq!(Prim::from_format("f", 8), None);
        assert_eq!(Prim::from_format("Z", 1), None);
    }

    #[test]
    fn codes_and_bits_round_trip() {
        assert_eq!(Prim::from_code(0), None);
        assert_eq!(Prim::from_code(9), None);
        assert_eq!(Prim::Boolean.code(), 1);
        assert_eq!(Prim::Double.code(), 8);
        for prim in Prim::ALL {
            assert_eq!(Prim::from_code(prim.code()), Some(prim));
            for bits in [0, 1, -1, 65, i64::from(i32::MIN), i64::MAX] {
                let value = prim.value_of_bits(bits);
                assert_eq!(
                    prim.bits(prim.value_of_bits(prim.bits(value))),
                    prim.bits(value)
                );
            }
        }
        assert_eq!(Prim::Int.bits(Prim::Int.value_of_bits(-5)), -5);
        assert_eq!(Prim::Char.bits(Prim::Char.value_of_bits(0xFFFF)), 0xFFFF);
        let nan = 0x7FF8_0000_0000_0001;
        assert_eq!(Prim::Double.bits(Prim::Double.value_of_bits(nan)), nan);
        let negative_zero = (-0.0f32).to_bits();
        assert_eq!(
            Prim::Float.bits(Prim::Float.value_of_bits(i64::from(negative_zero))),
            i64::from(negative_zero)
        );
    }

    #[test]
    fn bytes_round_trip() {
        for prim in Prim::ALL {
            let mut out = Vec::new();
            prim.push_bytes(prim.read_bytes(&[1, 2, 3, 4, 5, 6, 7, 8]), &mut out);
            assert_eq!(out.len(), prim.size());
        }
    }
}
