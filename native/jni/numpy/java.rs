//! The Java methods, fields and classes numpy conversions use, looked up on first use
//! (the jep classes come from the main cache, filled in `JNI_OnLoad`; the
//! `java.nio` classes are system classes, found from any thread).

use std::ffi::CStr;

use jni::sys::{jfieldID, jmethodID, jobject};
use once_cell::sync::OnceCell;

use crate::jni::cache::Cache;
use crate::jni::env::{jni_call, Env, JResult};
use crate::jni::to_java::Prim;

/// Method and field IDs and global class references (never released: they live as long
/// as the process, like the main cache).
pub struct Java {
    /// `NDArray(Object data, boolean unsigned, int... dimensions)`.
    pub nd_array_new: jmethodID,
    /// The `AbstractNDArray.dimensions` field (what `getDimensions()` returns).
    pub dimensions: jfieldID,
    /// The `AbstractNDArray.data` field (what `getData()` returns).
    pub data: jfieldID,
    /// The `AbstractNDArray.unsigned` field (what `isUnsigned()` returns).
    pub unsigned: jfieldID,
    /// The `DirectNDArray.layout` field: the buffer's type index and flags.
    pub layout: jfieldID,
    /// `Buffer.isReadOnly()`.
    pub is_read_only: jmethodID,
    /// `ByteOrder.nativeOrder()` (a global reference).
    pub native_order: jobject,
    /// The numeric buffer classes (global references), each with its element
    /// type and its `order()` method.
    pub buffers: Vec<(jobject, Prim, jmethodID)>,
}

// SAFETY: global references and method IDs may be used from any thread.
unsafe impl Send for Java {}
// SAFETY: as above; never mutated after creation.
unsafe impl Sync for Java {}

static JAVA: OnceCell<Java> = OnceCell::new();

/// The IDs, looked up on first use.
pub fn java(env: Env<'_>, c: &Cache) -> JResult<&'static Java> {
    JAVA.get_or_try_init(|| env.in_frame(|| load(env, c)))
}

fn load(env: Env<'_>, c: &Cache) -> JResult<Java> {
    let k = &c.class;
    let abstract_nd_array = k.abstract_nd_array;
    let byte_order = env.find_class(c"java/nio/ByteOrder")?;
    let native_order_id = env.method_id(
        byte_order.as_raw(),
        c"nativeOrder",
        c"()Ljava/nio/ByteOrder;",
        true,
    )?;
    let native_order = env
        .call_static_object(byte_order.as_raw(), native_order_id, &[])?
        .ok_or_else(|| super::failure("ByteOrder.nativeOrder() returned null"))?;
    let buffer = env.find_class(c"java/nio/Buffer")?;
    let mut buffers = Vec::with_capacity(6);
    for (name, prim) in [
        (c"java/nio/ByteBuffer", Prim::Byte),
        (c"java/nio/ShortBuffer", Prim::Short),
        (c"java/nio/IntBuffer", Prim::Int),
        (c"java/nio/LongBuffer", Prim::Long),
        (c"java/nio/FloatBuffer", Prim::Float),
        (c"java/nio/DoubleBuffer", Prim::Double),
    ] {
        buffers.push(buffer_class(env, name, prim)?);
    }
    Ok(Java {
        nd_array_new: env.method_id(k.nd_array, c"<init>", c"(Ljava/lang/Object;Z[I)V", false)?,
        dimensions: field_id(env, abstract_nd_array, c"dimensions", c"[I")?,
        data: field_id(env, abstract_nd_array, c"data", c"Ljava/lang/Object;")?,
        unsigned: field_id(env, abstract_nd_array, c"unsigned", c"Z")?,
        layout: field_id(env, k.direct_nd_array, c"layout", c"I")?,
        is_read_only: env.method_id(buffer.as_raw(), c"isReadOnly", c"()Z", false)?,
        native_order: env.new_global(native_order.as_raw()),
        buffers,
    })
}

fn buffer_class(env: Env<'_>, name: &CStr, prim: Prim) -> JResult<(jobject, Prim, jmethodID)> {
    let class = env.find_class(name)?;
    let order = env.method_id(class.as_raw(), c"order", c"()Ljava/nio/ByteOrder;", false)?;
    Ok((env.new_global(class.as_raw()), prim, order))
}

fn field_id(env: Env<'_>, class: jobject, name: &CStr, sig: &CStr) -> JResult<jfieldID> {
    let id = jni_call!(env, v1_2, GetFieldID, class, name.as_ptr(), sig.as_ptr());
    env.check()?;
    Ok(id)
}
