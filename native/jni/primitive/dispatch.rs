//! The per-kind JNI dispatch of [`Prim`]: for each primitive kind, the JNI
//! functions that make its arrays, copy their regions, read and write its
//! fields and call methods returning it.

use jni::sys::{jfieldID, jmethodID, jobject, jsize, jvalue};

use super::Prim;
use crate::jni::env::{jni_call, Env, JResult, Local};

impl Prim {
    /// A new Java array of this kind with `len` zero elements.
    pub fn new_array<'env>(self, env: Env<'env>, len: jsize) -> JResult<Local<'env>> {
        let array = match self {
            Prim::Boolean => jni_call!(env, v1_2, NewBooleanArray, len),
            Prim::Byte => jni_call!(env, v1_2, NewByteArray, len),
            Prim::Char => jni_call!(env, v1_2, NewCharArray, len),
            Prim::Short => jni_call!(env, v1_2, NewShortArray, len),
            Prim::Int => jni_call!(env, v1_2, NewIntArray, len),
            Prim::Long => jni_call!(env, v1_2, NewLongArray, len),
            Prim::Float => jni_call!(env, v1_2, NewFloatArray, len),
            Prim::Double => jni_call!(env, v1_2, NewDoubleArray, len),
        };
        env.check()?;
        env.non_null(array, "a new array")
    }

    /// Copies `len` elements from `array[start..]` into `buf`.
    ///
    /// # Safety
    /// `array` is a live array of this kind; `buf` has room for `len` elements.
    pub unsafe fn get_region(
        self,
        env: Env<'_>,
        array: jobject,
        start: jsize,
        len: jsize,
        buf: *mut u8,
    ) -> JResult<()> {
        match self {
            Prim::Boolean => jni_call!(
                env,
                v1_2,
                GetBooleanArrayRegion,
                array,
                start,
                len,
                buf.cast()
            ),
            Prim::Byte => jni_call!(env, v1_2, GetByteArrayRegion, array, start, len, buf.cast()),
            Prim::Char => jni_call!(env, v1_2, GetCharArrayRegion, array, start, len, buf.cast()),
            Prim::Short => jni_call!(
                env,
                v1_2,
                GetShortArrayRegion,
                array,
                start,
                len,
                buf.cast()
            ),
            Prim::Int => jni_call!(env, v1_2, GetIntArrayRegion, array, start, len, buf.cast()),
            Prim::Long => jni_call!(env, v1_2, GetLongArrayRegion, array, start, len, buf.cast()),
            Prim::Float => jni_call!(
                env,
                v1_2,
                GetFloatArrayRegion,
                array,
                start,
                len,
                buf.cast()
            ),
            Prim::Double => jni_call!(
                env,
                v1_2,
                GetDoubleArrayRegion,
                array,
                start,
                len,
                buf.cast()
            ),
        }
        env.check()
    }

    /// Copies `len` elements from `buf` into `array[start..]`.
    ///
    /// # Safety
    /// `array` is a live array of this kind; `buf` holds `len` elements.
    pub unsafe fn set_region(
        self,
        env: Env<'_>,
        array: jobject,
        start: jsize,
        len: jsize,
        buf: *const u8,
    ) -> JResult<()> {
        match self {
            Prim::Boolean => jni_call!(
                env,
                v1_2,
                SetBooleanArrayRegion,
                array,
                start,
                len,
                buf.cast()
            ),
            Prim::Byte => jni_call!(env, v1_2, SetByteArrayRegion, array, start, len, buf.cast()),
            Prim::Char => jni_call!(env, v1_2, SetCharArrayRegion, array, start, len, buf.cast()),
            Prim::Short => jni_call!(
                env,
                v1_2,
                SetShortArrayRegion,
                array,
                start,
                len,
                buf.cast()
            ),
            Prim::Int => jni_call!(env, v1_2, SetIntArrayRegion, array, start, len, buf.cast()),
            Prim::Long => jni_call!(env, v1_2, SetLongArrayRegion, array, start, len, buf.cast()),
            Prim::Float => jni_call!(
                env,
                v1_2,
                SetFloatArrayRegion,
                array,
                start,
                len,
                buf.cast()
            ),
            Prim::Double => jni_call!(
                env,
                v1_2,
                SetDoubleArrayRegion,
                array,
                start,
                len,
                buf.cast()
            ),
        }
        env.check()
    }

    /// A new Java array of this kind holding the native-order `bytes`.
    pub fn array_from_bytes<'env>(self, env: Env<'env>, bytes: &[u8]) -> JResult<Local<'env>> {
        let count = bytes.len() / self.size();
        let len = jsize::try_from(count).map_err(|_| crate::jni::env::too_large(count))?;
        let array = self.new_array(env, len)?;
        // SAFETY: a new array of this kind and `len` elements; `bytes` holds them.
        unsafe { self.set_region(env, array.as_raw(), 0, len, bytes.as_ptr())? };
        Ok(array)
    }

    /// Reads a field of this kind (static when `obj` is None).
    ///
    /// # Safety
    /// `id` is a field of this kind of `obj` (or a static field of `class`).
    pub unsafe fn get_field(
        self,
        env: Env<'_>,
        obj: Option<jobject>,
        class: jobject,
        id: jfieldID,
    ) -> JResult<jvalue> {
        macro_rules! get {
            ($member:ident, $instance:ident, $static:ident) => {
                jvalue {
                    $member: match obj {
                        Some(o) => jni_call!(env, v1_2, $instance, o, id),
                        None => jni_call!(env, v1_2, $static, class, id),
                    },
                }
            };
        }
        let value = match self {
            Prim::Boolean => get!(z, GetBooleanField, GetStaticBooleanField),
            Prim::Byte => get!(b, GetByteField, GetStaticByteField),
            Prim::Char => get!(c, GetCharField, GetStaticCharField),
            Prim::Short => get!(s, GetShortField, GetStaticShortField),
            Prim::Int => get!(i, GetIntField, GetStaticIntField),
            Prim::Long => get!(j, GetLongField, GetStaticLongField),
            Prim::Float => get!(f, GetFloatField, GetStaticFloatField),
            Prim::Double => get!(d, GetDoubleField, GetStaticDoubleField),
        };
        // Reading an instance field cannot throw; a static one may initialize its class.
        if obj.is_none() {
            env.check()?;
        }
        Ok(value)
    }

    /// Writes a field of this kind (static when `obj` is None).
    ///
    /// # Safety
    /// As [`Prim::get_field`]; `value` holds the member of this kind.
    pub unsafe fn set_field(
        self,
        env: Env<'_>,
        obj: Option<jobject>,
        class: jobject,
        id: jfieldID,
        value: jvalue,
    ) -> JResult<()> {
        macro_rules! set {
            ($member:ident, $instance:ident, $static:ident) => {{
                // SAFETY: the caller guarantees the member of this kind is set.
                let v = unsafe { value.$member };
                match obj {
                    Some(o) => jni_call!(env, v1_2, $instance, o, id, v),
                    None => jni_call!(env, v1_2, $static, class, id, v),
                }
            }};
        }
        match self {
            Prim::Boolean => set!(z, SetBooleanField, SetStaticBooleanField),
            Prim::Byte => set!(b, SetByteField, SetStaticByteField),
            Prim::Char => set!(c, SetCharField, SetStaticCharField),
            Prim::Short => set!(s, SetShortField, SetStaticShortField),
            Prim::Int => set!(i, SetIntField, SetStaticIntField),
            Prim::Long => set!(j, SetLongField, SetStaticLongField),
            Prim::Float => set!(f, SetFloatField, SetStaticFloatField),
            Prim::Double => set!(d, SetDoubleField, SetStaticDoubleField),
        }
        env.check()
    }

    /// Calls a method returning this kind (static on `class` when `obj` is None).
    ///
    /// # Safety
    /// `id` is a method of `obj` (or a static method of `class`) returning
    /// this kind; `args` match its parameters.
    pub unsafe fn call(
        self,
        env: Env<'_>,
        obj: Option<jobject>,
        class: jobject,
        id: jmethodID,
        args: &[jvalue],
    ) -> JResult<jvalue> {
        let a = args.as_ptr();
        macro_rules! call {
            ($member:ident, $instance:ident, $static:ident) => {
                jvalue {
                    $member: match obj {
                        Some(o) => jni_call!(env, v1_2, $instance, o, id, a),
                        None => jni_call!(env, v1_2, $static, class, id, a),
                    },
                }
            };
        }
        let value = match self {
            Prim::Boolean => call!(z, CallBooleanMethodA, CallStaticBooleanMethodA),
            Prim::Byte => call!(b, CallByteMethodA, CallStaticByteMethodA),
            Prim::Char => call!(c, CallCharMethodA, CallStaticCharMethodA),
            Prim::Short => call!(s, CallShortMethodA, CallStaticShortMethodA),
            Prim::Int => call!(i, CallIntMethodA, CallStaticIntMethodA),
            Prim::Long => call!(j, CallLongMethodA, CallStaticLongMethodA),
            Prim::Float => call!(f, CallFloatMethodA, CallStaticFloatMethodA),
            Prim::Double => call!(d, CallDoubleMethodA, CallStaticDoubleMethodA),
        };
        env.check()?;
        Ok(value)
    }
}
