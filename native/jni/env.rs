//! A thin, typed layer over the raw `JNIEnv` function table: local references
//! that delete themselves ([`Local`]) and calls that turn a pending Java
//! exception into [`Failure::JavaThrown`].

use std::ffi::CStr;
use std::marker::PhantomData;

use jni::sys::{self, jobject, jsize, jvalue};

use crate::core::Error;

/// Why a JNI-side operation failed.
#[derive(Debug)]
pub enum Failure {
    /// A core error to report as a `JepException`.
    Core(Error),
    /// A Java exception is pending in the JNI environment and is left there.
    JavaThrown,
}

impl Failure {
    /// A conversion failure with the given explanation.
    pub fn conversion(text: impl Into<String>) -> Failure {
        Failure::Core(Error::Conversion(text.into()))
    }
}

impl From<Error> for Failure {
    fn from(err: Error) -> Self {
        Failure::Core(err)
    }
}

/// Shorthand for JNI-side results.
pub type JResult<T> = Result<T, Failure>;

/// Calls a function of the JNI function table (grouped by the JNI version that added it).
macro_rules! jni_call {
    ($env:expr, $version:ident, $name:ident $(, $arg:expr)* $(,)?) => {{
        let raw = $env.raw();
        // SAFETY: `raw` is a valid JNIEnv of the current thread and every JNI
        // function pointer of this JNI version is set by the VM.
        #[allow(unused_unsafe)]
        let result = unsafe { ((**raw).$version.$name)(raw $(, $arg)*) };
        result
    }};
}
pub(crate) use jni_call;

/// The JNI environment of the current thread, valid for `'env`.
#[derive(Clone, Copy)]
pub struct Env<'env> {
    raw: *mut sys::JNIEnv,
    _env: PhantomData<&'env ()>,
}

impl<'env> Env<'env> {
    /// Wraps the raw environment a native method received.
    ///
    /// # Safety
    /// `raw` must be the current thread's valid `JNIEnv` for `'env`.
    pub unsafe fn from_raw(raw: *mut sys::JNIEnv) -> Self {
        Env {
            raw,
            _env: PhantomData,
        }
    }

    /// The raw environment pointer.
    pub fn raw(&self) -> *mut sys::JNIEnv {
        self.raw
    }

    /// Fails with [`Failure::JavaThrown`] if a Java exception is pending.
    pub fn check(&self) -> JResult<()> {
        if jni_call!(self, v1_2, ExceptionCheck) {
            Err(Failure::JavaThrown)
        } else {
            Ok(())
        }
    }

    /// Takes ownership of a local reference returned by a JNI call; null with a
    /// pending exception fails, plain null gives `None`.
    pub fn local(&self, obj: jobject) -> JResult<Option<Local<'env>>> {
        if obj.is_null() {
            self.check()?;
            return Ok(None);
        }
        Ok(Some(Local { obj, env: *self }))
    }

    /// Like [`Env::local`], but null is an error too.
    pub fn non_null(&self, obj: jobject, what: &str) -> JResult<Local<'env>> {
        self.local(obj)?
            .ok_or_else(|| Failure::Core(Error::Usage(format!("JNI returned null for {what}"))))
    }

    /// `new cls(args)`.
    pub fn new_object(
        &self,
        cls: jobject,
        ctor: sys::jmethodID,
        args: &[jvalue],
    ) -> JResult<Local<'env>> {
        let obj = jni_call!(self, v1_2, NewObjectA, cls, ctor, args.as_ptr());
        self.non_null(obj, "a new object")
    }

    /// An object-returning instance call.
    pub fn call_object(
        &self,
        obj: jobject,
        method: sys::jmethodID,
        args: &[jvalue],
    ) -> JResult<Option<Local<'env>>> {
        let result = jni_call!(self, v1_2, CallObjectMethodA, obj, method, args.as_ptr());
        self.check()?;
        self.local(result)
    }

    /// An object-returning static call.
    pub fn call_static_object(
        &self,
        cls: jobject,
        method: sys::jmethodID,
        args: &[jvalue],
    ) -> JResult<Option<Local<'env>>> {
        let result = jni_call!(
            self,
            v1_2,
            CallStaticObjectMethodA,
            cls,
            method,
            args.as_ptr()
        );
        self.check()?;
        self.local(result)
    }

    /// A boolean-returning instance call.
    pub fn call_boolean(
        &self,
        obj: jobject,
        method: sys::jmethodID,
        args: &[jvalue],
    ) -> JResult<bool> {
        let result = jni_call!(self, v1_2, CallBooleanMethodA, obj, method, args.as_ptr());
        self.check()?;
        Ok(result)
    }

    /// `a == b` for references.
    pub fn same(&self, a: jobject, b: jobject) -> bool {
        jni_call!(self, v1_2, IsSameObject, a, b)
    }

    /// `obj instanceof cls` (false for null).
    pub fn is_instance(&self, obj: jobject, cls: jobject) -> bool {
        !obj.is_null() && jni_call!(self, v1_2, IsInstanceOf, obj, cls)
    }

    /// Whether `sub` can be assigned to `sup` (`sup.isAssignableFrom(sub)`).
    pub fn is_assignable(&self, sub: jobject, sup: jobject) -> bool {
        jni_call!(self, v1_2, IsAssignableFrom, sub, sup)
    }

    /// A new local reference to `obj`.
    pub fn new_local(&self, obj: jobject) -> jobject {
        jni_call!(self, v1_2, NewLocalRef, obj)
    }

    /// Makes room for `count` more local references in the current frame.
    pub fn ensure_capacity(&self, count: i32) -> JResult<()> {
        if jni_call!(self, v1_2, EnsureLocalCapacity, count) != 0 {
            return Err(Failure::JavaThrown);
        }
        Ok(())
    }

    /// The class of a non-null object.
    pub fn class_of(&self, obj: jobject) -> JResult<Local<'env>> {
        let cls = jni_call!(self, v1_2, GetObjectClass, obj);
        self.non_null(cls, "an object's class")
    }

    /// The length of a Java array.
    pub fn array_length(&self, array: jobject) -> jsize {
        jni_call!(self, v1_2, GetArrayLength, array)
    }

    /// Element `index` of an object array.
    pub fn array_element(&self, array: jobject, index: jsize) -> JResult<Option<Local<'env>>> {
        let element = jni_call!(self, v1_2, GetObjectArrayElement, array, index);
        // A non-null element means no exception; `local` checks for null.
        self.local(element)
    }

    /// A new object array of `len` elements of class `cls`.
    pub fn new_object_array(&self, len: usize, cls: jobject) -> JResult<Local<'env>> {
        let len = jsize::try_from(len).map_err(|_| too_large(len))?;
        let array = jni_call!(self, v1_2, NewObjectArray, len, cls, std::ptr::null_mut());
        self.non_null(array, "a new array")
    }

    /// Stores `value` at `index` of an object array.
    pub fn set_array_element(&self, array: jobject, index: usize, value: jobject) -> JResult<()> {
        jni_call!(
            self,
            v1_2,
            SetObjectArrayElement,
            array,
            index as jsize,
            value
        );
        self.check()
    }

    /// Throws `throwable` in Java.
    pub fn throw(&self, throwable: jobject) {
        jni_call!(self, v1_2, Throw, throwable);
    }

    /// Pushes a local reference frame with room for `capacity` references.
    pub fn push_frame(&self, capacity: i32) -> JResult<()> {
        if jni_call!(self, v1_2, PushLocalFrame, capacity) != 0 {
            return Err(Failure::JavaThrown);
        }
        Ok(())
    }

    /// Pops the current local frame, keeping `result` (as a new local) alive.
    pub fn pop_frame(&self, result: Option<Local<'env>>) -> Option<Local<'env>> {
        let raw = result.map_or(std::ptr::null_mut(), Local::into_raw);
        let kept = jni_call!(self, v1_2, PopLocalFrame, raw);
        (!kept.is_null()).then_some(Local {
            obj: kept,
            env: *self,
        })
    }

    /// Runs `work` in a fresh local frame (for recursive conversions), so the
    /// references it leaves behind are freed and capacity never runs out.
    pub fn in_frame<T>(&self, work: impl FnOnce() -> JResult<T>) -> JResult<T> {
        self.in_frame_sized(FRAME_CAPACITY, work)
    }

    /// Like [`Env::in_frame`] with room for `capacity` references.
    pub fn in_frame_sized<T>(
        &self,
        capacity: i32,
        work: impl FnOnce() -> JResult<T>,
    ) -> JResult<T> {
        self.push_frame(capacity)?;
        let result = work();
        self.pop_frame(None);
        result
    }

    /// Like [`Env::in_frame`] for work that returns a Java reference, which is
    /// moved out to the caller's frame.
    pub fn in_frame_keep(
        &self,
        work: impl FnOnce() -> JResult<Local<'env>>,
    ) -> JResult<Local<'env>> {
        self.push_frame(FRAME_CAPACITY)?;
        match work() {
            Ok(local) => self.pop_frame(Some(local)).ok_or_else(|| {
                Failure::Core(Error::Usage("JNI PopLocalFrame lost a reference".into()))
            }),
            Err(err) => {
                self.pop_frame(None);
                Err(err)
            }
        }
    }

    /// Looks a class up by JNI name, e.g. `java/lang/String`.
    pub fn find_class(&self, name: &CStr) -> JResult<Local<'env>> {
        let cls = jni_call!(self, v1_1, FindClass, name.as_ptr());
        self.non_null(cls, "a class")
    }

    /// A method ID (instance or static).
    pub fn method_id(
        &self,
        cls: jobject,
        name: &CStr,
        sig: &CStr,
        is_static: bool,
    ) -> JResult<sys::jmethodID> {
        let id = if is_static {
            jni_call!(
                self,
                v1_2,
                GetStaticMethodID,
                cls,
                name.as_ptr(),
                sig.as_ptr()
            )
        } else {
            jni_call!(self, v1_2, GetMethodID, cls, name.as_ptr(), sig.as_ptr())
        };
        self.check()?;
        Ok(id)
    }

    /// A new global reference to `obj`.
    pub fn new_global(&self, obj: jobject) -> jobject {
        jni_call!(self, v1_2, NewGlobalRef, obj)
    }
}

/// Local references a conversion frame has room for.
const FRAME_CAPACITY: i32 = 32;

/// An error for a size Java arrays cannot hold.
pub fn too_large(len: usize) -> Failure {
    Failure::Core(Error::Conversion(format!(
        "{len} elements do not fit in a Java array"
    )))
}

/// A local reference deleted when dropped.
pub struct Local<'env> {
    obj: jobject,
    env: Env<'env>,
}

impl<'env> Local<'env> {
    /// The raw reference (still owned by `self`).
    pub fn as_raw(&self) -> jobject {
        self.obj
    }

    /// Gives up ownership (the caller deletes or returns it).
    pub fn into_raw(self) -> jobject {
        let obj = self.obj;
        std::mem::forget(self);
        obj
    }
}

impl Drop for Local<'_> {
    fn drop(&mut self) {
        jni_call!(self.env, v1_2, DeleteLocalRef, self.obj);
    }
}

/// A `jvalue` holding an object reference.
pub fn jobj(obj: jobject) -> jvalue {
    jvalue { l: obj }
}
