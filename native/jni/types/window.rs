//! The window through which a `PyJIterator` reads a random-access Java
//! `List`: one Java call (`KraitBulk.fill`) moves the next [`WINDOW`]
//! elements of the list's own iterator into the window, numbers and booleans
//! as their values, so that the `next` calls that follow make no JNI call for
//! them (and one `GetObjectArrayElement` for any other element). A list
//! changed meanwhile is noticed (`ConcurrentModificationException`) at the
//! next window.

use jni::sys::{jbyte, jlong, jobject};
use pyo3::ffi;

use super::refs;
use crate::core::Gil;
use crate::jni::cache::{cache, Cache};
use crate::jni::env::{jni_call, jobj, Env, JResult};
use crate::jni::primitive::Prim;
use crate::jni::to_python;

/// How many elements one window holds.
const WINDOW: i32 = 128;

/// `KraitBulk.OBJECT`: the element is in the object array.
const OBJECT: jbyte = 0;
/// `KraitBulk.LONG`: an Integer, Long, Short or Byte; the value.
const LONG: jbyte = 1;
/// `KraitBulk.DOUBLE`: a Double or Float; the raw bits of the double value.
const DOUBLE: jbyte = 2;
/// `KraitBulk.BOOLEAN`: a Boolean; 1 or 0.
const BOOLEAN: jbyte = 3;

/// A window over a Java iterator.
pub struct Window {
    /// Global `Object[]`, `long[]` and `byte[]` that `fill` writes.
    objects: jobject,
    values: jobject,
    kinds: jobject,
    /// Copies of `values` and `kinds` for the filled part.
    value_buf: [jlong; WINDOW as usize],
    kind_buf: [jbyte; WINDOW as usize],
    /// How many elements the window holds now.
    filled: i32,
    /// The next element of the window to return.
    next: i32,
    /// True while a `next` that may call Java runs (a re-entrant `next` fails).
    pub busy: bool,
}

impl Window {
    /// A new, empty window (its arrays made once).
    pub fn new(env: Env<'_>, c: &Cache) -> JResult<Box<Window>> {
        let objects = env.new_object_array(WINDOW as usize, c.class.object)?;
        let values = Prim::Long.new_array(env, WINDOW)?;
        let kinds = Prim::Byte.new_array(env, WINDOW)?;
        Ok(Box::new(Window {
            objects: env.new_global(objects.as_raw()),
            values: env.new_global(values.as_raw()),
            kinds: env.new_global(kinds.as_raw()),
            value_buf: [0; WINDOW as usize],
            kind_buf: [OBJECT; WINDOW as usize],
            filled: 0,
            next: 0,
            busy: false,
        }))
    }

    /// The next element when it is a number or a boolean already in the window
    /// (a new reference, or null with a Python error set), made without the
    /// JVM; `None` when the JVM is needed ([`Window::next_from_java`]).
    ///
    /// # Safety
    /// The GIL is held.
    pub unsafe fn next_plain(&mut self) -> Option<*mut ffi::PyObject> {
        if self.next >= self.filled {
            return None;
        }
        let index = self.next as usize;
        let value = self.value_buf[index];
        // SAFETY: creating Python scalars with the GIL held (per the contract).
        let made = unsafe {
            match self.kind_buf[index] {
                LONG => ffi::PyLong_FromLongLong(value),
                DOUBLE => ffi::PyFloat_FromDouble(f64::from_bits(value as u64)),
                BOOLEAN => ffi::PyBool_FromLong(value as std::ffi::c_long),
                _ => return None,
            }
        };
        self.next += 1;
        Some(made)
    }

    /// The next element (null at the end, without a Python error), refilling
    /// the window from `iterator` when it has been read.
    pub fn next_from_java(
        &mut self,
        gil: Gil<'_>,
        env: Env<'_>,
        iterator: jobject,
    ) -> JResult<*mut ffi::PyObject> {
        if self.next >= self.filled {
            if self.filled < WINDOW && self.next > 0 {
                // The last fill did not fill the window: the iterator is exhausted.
                return Ok(std::ptr::null_mut());
            }
            self.fill(env, iterator)?;
            if self.filled == 0 {
                self.next = 1;
                return Ok(std::ptr::null_mut());
            }
        }
        // SAFETY: slots run with the GIL held (the token proves it).
        if let Some(made) = unsafe { self.next_plain() } {
            return Ok(gil.owned(made)?.into_ptr());
        }
        let item = env.array_element(self.objects, self.next)?;
        self.next += 1;
        let raw = item.as_ref().map_or(std::ptr::null_mut(), |i| i.as_raw());
        Ok(to_python::to_python(env, gil, raw)?.into_ptr())
    }

    /// Moves the next elements of `iterator` into the window.
    fn fill(&mut self, env: Env<'_>, iterator: jobject) -> JResult<()> {
        let c = cache()?;
        let filled = jni_call!(
            env,
            v1_2,
            CallStaticIntMethodA,
            c.class.krait_bulk,
            c.method.bulk_fill,
            [
                jobj(iterator),
                jobj(self.objects),
                jobj(self.values),
                jobj(self.kinds)
            ]
            .as_ptr()
        );
        env.check()?;
        // SAFETY: both arrays have WINDOW elements, of which `filled` are read
        // into buffers of WINDOW elements of the same kinds.
        unsafe {
            Prim::Long.get_region(
                env,
                self.values,
                0,
                filled,
                self.value_buf.as_mut_ptr().cast(),
            )?;
            Prim::Byte.get_region(
                env,
                self.kinds,
                0,
                filled,
                self.kind_buf.as_mut_ptr().cast(),
            )?;
        }
        self.filled = filled;
        self.next = 0;
        Ok(())
    }
}

impl Drop for Window {
    fn drop(&mut self) {
        refs::delete_global(self.objects);
        refs::delete_global(self.values);
        refs::delete_global(self.kinds);
    }
}
