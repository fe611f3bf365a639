//! Java classes and method IDs krait uses, looked up once in `JNI_OnLoad` (on
//! the thread loading the library, so the jar's class loader is in effect).

use std::ffi::CStr;

use jni::sys::{jfieldID, jmethodID, jobject};
use once_cell::sync::OnceCell;

use super::env::{jni_call, Env, Failure, JResult};
use crate::core::Error;

static CACHE: OnceCell<Cache> = OnceCell::new();

/// The global class references and method IDs.
pub struct Cache {
    /// Global references to classes.
    pub class: Classes,
    /// Method IDs (valid while their classes, held above, stay loaded).
    pub method: Methods,
    /// Field IDs of the boxes' `value` fields.
    pub field: Fields,
    /// The boxes `valueOf` caches.
    pub boxes: super::boxes::Boxes,
}

/// The `value` field of each box class (read directly instead of calling
/// `intValue()` and the like).
pub struct Fields {
    /// `Boolean.value`
    pub boolean_value: jfieldID,
    /// `Byte.value`
    pub byte_value: jfieldID,
    /// `Short.value`
    pub short_value: jfieldID,
    /// `Integer.value`
    pub integer_value: jfieldID,
    /// `Long.value`
    pub long_value: jfieldID,
    /// `Float.value`
    pub float_value: jfieldID,
    /// `Double.value`
    pub double_value: jfieldID,
    /// `Character.value`
    pub character_value: jfieldID,
}

impl Fields {
    fn load(env: Env<'_>, class: &Classes) -> JResult<Fields> {
        let value = |cls: jobject, sig: &CStr| -> JResult<jfieldID> {
            let id = jni_call!(env, v1_2, GetFieldID, cls, c"value".as_ptr(), sig.as_ptr());
            env.check()?;
            Ok(id)
        };
        Ok(Fields {
            boolean_value: value(class.boolean, c"Z")?,
            byte_value: value(class.byte, c"B")?,
            short_value: value(class.short, c"S")?,
            integer_value: value(class.integer, c"I")?,
            long_value: value(class.long, c"J")?,
            float_value: value(class.float, c"F")?,
            double_value: value(class.double, c"D")?,
            character_value: value(class.character, c"C")?,
        })
    }
}

// SAFETY: global references and method IDs may be used from any thread.
unsafe impl Send for Cache {}
// SAFETY: as above; the cache is never mutated after creation.
unsafe impl Sync for Cache {}

/// The cache; fails if `JNI_OnLoad` could not fill it.
pub fn cache() -> JResult<&'static Cache> {
    CACHE.get().ok_or_else(|| {
        Failure::Core(Error::Internal(
            "libkrait was not initialized by JNI_OnLoad".into(),
        ))
    })
}

/// Fills the cache (idempotent).
pub fn init(env: Env<'_>) -> JResult<()> {
    if CACHE.get().is_some() {
        return Ok(());
    }
    let class = Classes::load(env)?;
    let method = Methods::load(env, &class)?;
    let field = Fields::load(env, &class)?;
    let boxes = super::boxes::Boxes::load(env, &class, &method)?;
    warm_up(env, &class, &method)?;
    let _ = CACHE.set(Cache {
        class,
        method,
        field,
        boxes,
    });
    Ok(())
}

/// Builds one stack trace now, while the stack is healthy: the JDK initializes
/// helper classes of `StackTraceElement` on first use, and an initializer that
/// fails with `StackOverflowError` (deep recursion) leaves its class unusable,
/// after which that JVM can build no stack trace at all.
fn warm_up(env: Env<'_>, class: &Classes, method: &Methods) -> JResult<()> {
    let throwable = env.new_object(class.throwable, method.throwable_new, &[])?;
    env.call_object(throwable.as_raw(), method.throwable_get_stack_trace, &[])?;
    Ok(())
}

fn global_class(env: Env<'_>, name: &CStr) -> JResult<jobject> {
    let local = env.find_class(name)?;
    Ok(env.new_global(local.as_raw()))
}

fn primitive_class(env: Env<'_>, boxed: jobject) -> JResult<jobject> {
    let field = jni_call!(
        env,
        v1_2,
        GetStaticFieldID,
        boxed,
        c"TYPE".as_ptr(),
        c"Ljava/lang/Class;".as_ptr()
    );
    env.check()?;
    let local = env.non_null(
        jni_call!(env, v1_2, GetStaticObjectField, boxed, field),
        "a primitive class",
    )?;
    Ok(env.new_global(local.as_raw()))
}

macro_rules! classes {
    ($($field:ident = $name:literal,)*) => {
        /// Global references to the classes krait converts to and from.
        pub struct Classes {
            $(#[doc = stringify!($name)] pub $field: jobject,)*
            /// `boolean.class`
            pub prim_boolean: jobject,
            /// `byte.class`
            pub prim_byte: jobject,
            /// `char.class`
            pub prim_char: jobject,
            /// `short.class`
            pub prim_short: jobject,
            /// `int.class`
            pub prim_int: jobject,
            /// `long.class`
            pub prim_long: jobject,
            /// `float.class`
            pub prim_float: jobject,
            /// `double.class`
            pub prim_double: jobject,
            /// `void.class`
            pub prim_void: jobject,
        }

        impl Classes {
            fn load(env: Env<'_>) -> JResult<Classes> {
                let null = std::ptr::null_mut();
                let mut classes = Classes {
                    $($field: global_class(env, $name)?,)*
                    prim_boolean: null,
                    prim_byte: null,
                    prim_char: null,
                    prim_short: null,
                    prim_int: null,
                    prim_long: null,
                    prim_float: null,
                    prim_double: null,
                    prim_void: null,
                };
                classes.prim_boolean = primitive_class(env, classes.boolean)?;
                classes.prim_byte = primitive_class(env, classes.byte)?;
                classes.prim_char = primitive_class(env, classes.character)?;
                classes.prim_short = primitive_class(env, classes.short)?;
                classes.prim_int = primitive_class(env, classes.integer)?;
                classes.prim_long = primitive_class(env, classes.long)?;
                classes.prim_float = primitive_class(env, classes.float)?;
                classes.prim_double = primitive_class(env, classes.double)?;
                classes.prim_void = primitive_class(env, classes.void)?;
                Ok(classes)
            }
        }
    };
}

classes! {
    object = c"java/lang/Object",
    string = c"java/lang/String",
    boolean = c"java/lang/Boolean",
    byte = c"java/lang/Byte",
    short = c"java/lang/Short",
    integer = c"java/lang/Integer",
    long = c"java/lang/Long",
    float = c"java/lang/Float",
    double = c"java/lang/Double",
    character = c"java/lang/Character",
    number = c"java/lang/Number",
    big_integer = c"java/math/BigInteger",
    iterable = c"java/lang/Iterable",
    iterator = c"java/util/Iterator",
    collection = c"java/util/Collection",
    list = c"java/util/List",
    array_list = c"java/util/ArrayList",
    map = c"java/util/Map",
    map_entry = c"java/util/Map$Entry",
    hash_map = c"java/util/HashMap",
    set = c"java/util/Set",
    hash_set = c"java/util/HashSet",
    collections = c"java/util/Collections",
    class = c"java/lang/Class",
    stack_trace_element = c"java/lang/StackTraceElement",
    throwable = c"java/lang/Throwable",
    stack_overflow_error = c"java/lang/StackOverflowError",
    jep_exception = c"jep/JepException",
    usage_exception = c"krait/UsageException",
    conversion_exception = c"krait/ConversionException",
    wrong_thread_exception = c"krait/WrongThreadException",
    internal_exception = c"krait/InternalException",
    krait_reflection = c"jep/KraitReflection",
    krait_proxy = c"jep/KraitProxy",
    krait_bulk = c"jep/KraitBulk",
    random_access = c"java/util/RandomAccess",
    py_object = c"jep/python/PyObject",
    py_callable = c"jep/python/PyCallable",
    py_access = c"jep/python/PyAccess",
    reflect_proxy = c"java/lang/reflect/Proxy",
    executable = c"java/lang/reflect/Executable",
    member = c"java/lang/reflect/Member",
    method_class = c"java/lang/reflect/Method",
    field_class = c"java/lang/reflect/Field",
    void = c"java/lang/Void",
    boolean_array = c"[Z",
    byte_array = c"[B",
    char_array = c"[C",
    short_array = c"[S",
    int_array = c"[I",
    long_array = c"[J",
    float_array = c"[F",
    double_array = c"[D",
    // krait numpy hook: jep.NDArray and jep.DirectNDArray become numpy.ndarrays.
    abstract_nd_array = c"jep/AbstractNDArray",
    nd_array = c"jep/NDArray",
    direct_nd_array = c"jep/DirectNDArray",
}

macro_rules! methods {
    ($($field:ident = $class:ident . $name:literal $sig:literal $kind:ident,)*) => {
        /// Method IDs krait calls.
        pub struct Methods {
            $(#[doc = stringify!($class $name $sig)] pub $field: jmethodID,)*
        }

        impl Methods {
            fn load(env: Env<'_>, class: &Classes) -> JResult<Methods> {
                Ok(Methods {
                    $($field: env.method_id(class.$class, $name, $sig, methods!(@static $kind))?,)*
                })
            }
        }
    };
    (@static static) => { true };
    (@static instance) => { false };
}

methods! {
    boolean_value_of = boolean.c"valueOf" c"(Z)Ljava/lang/Boolean;" static,
    byte_value_of = byte.c"valueOf" c"(B)Ljava/lang/Byte;" static,
    short_value_of = short.c"valueOf" c"(S)Ljava/lang/Short;" static,
    integer_value_of = integer.c"valueOf" c"(I)Ljava/lang/Integer;" static,
    long_value_of = long.c"valueOf" c"(J)Ljava/lang/Long;" static,
    float_value_of = float.c"valueOf" c"(F)Ljava/lang/Float;" static,
    double_value_of = double.c"valueOf" c"(D)Ljava/lang/Double;" static,
    character_value_of = character.c"valueOf" c"(C)Ljava/lang/Character;" static,
    big_integer_new = big_integer.c"<init>" c"([B)V" instance,
    big_integer_to_byte_array = big_integer.c"toByteArray" c"()[B" instance,
    object_to_string = object.c"toString" c"()Ljava/lang/String;" instance,
    collection_to_array = collection.c"toArray" c"()[Ljava/lang/Object;" instance,
    collection_add = collection.c"add" c"(Ljava/lang/Object;)Z" instance,
    map_entry_set = map.c"entrySet" c"()Ljava/util/Set;" instance,
    map_put = map.c"put" c"(Ljava/lang/Object;Ljava/lang/Object;)Ljava/lang/Object;" instance,
    map_entry_key = map_entry.c"getKey" c"()Ljava/lang/Object;" instance,
    map_entry_value = map_entry.c"getValue" c"()Ljava/lang/Object;" instance,
    array_list_new = array_list.c"<init>" c"(I)V" instance,
    hash_map_new = hash_map.c"<init>" c"(I)V" instance,
    hash_set_new = hash_set.c"<init>" c"(I)V" instance,
    unmodifiable_list = collections.c"unmodifiableList" c"(Ljava/util/List;)Ljava/util/List;" static,
    class_is_array = class.c"isArray" c"()Z" instance,
    class_is_primitive = class.c"isPrimitive" c"()Z" instance,
    class_component_type = class.c"getComponentType" c"()Ljava/lang/Class;" instance,
    class_type_name = class.c"getTypeName" c"()Ljava/lang/String;" instance,
    throwable_new = throwable.c"<init>" c"()V" instance,
    throwable_get_cause = throwable.c"getCause" c"()Ljava/lang/Throwable;" instance,
    throwable_get_message = throwable.c"getMessage" c"()Ljava/lang/String;" instance,
    throwable_get_stack_trace = throwable.c"getStackTrace" c"()[Ljava/lang/StackTraceElement;" instance,
    throwable_set_stack_trace = throwable.c"setStackTrace" c"([Ljava/lang/StackTraceElement;)V" instance,
    stack_trace_element_new = stack_trace_element.c"<init>" c"(Ljava/lang/String;Ljava/lang/String;Ljava/lang/String;I)V" instance,
    jep_exception_new = jep_exception.c"<init>" c"(Ljava/lang/String;)V" instance,
    jep_exception_new_cause = jep_exception.c"<init>" c"(Ljava/lang/String;Ljava/lang/Throwable;)V" instance,
    usage_exception_new = usage_exception.c"<init>" c"(Ljava/lang/String;)V" instance,
    conversion_exception_new = conversion_exception.c"<init>" c"(Ljava/lang/String;)V" instance,
    wrong_thread_exception_new = wrong_thread_exception.c"<init>" c"(Ljava/lang/String;)V" instance,
    internal_exception_new = internal_exception.c"<init>" c"(Ljava/lang/String;)V" instance,
    object_equals = object.c"equals" c"(Ljava/lang/Object;)Z" instance,
    object_hash_code = object.c"hashCode" c"()I" instance,
    class_get_name = class.c"getName" c"()Ljava/lang/String;" instance,
    class_superclass = class.c"getSuperclass" c"()Ljava/lang/Class;" instance,
    reflection_describe = krait_reflection.c"describe" c"(Ljava/lang/Class;)[Ljava/lang/Object;" static,
    reflection_py_method_flags = krait_reflection.c"pyMethodFlags" c"(Ljava/lang/reflect/Method;)I" static,
    reflection_find_class = krait_reflection.c"findClass" c"(Ljava/lang/String;Ljava/lang/ClassLoader;)Ljava/lang/Class;" static,
    member_name = member.c"getName" c"()Ljava/lang/String;" instance,
    iterable_iterator = iterable.c"iterator" c"()Ljava/util/Iterator;" instance,
    iterator_has_next = iterator.c"hasNext" c"()Z" instance,
    iterator_next = iterator.c"next" c"()Ljava/lang/Object;" instance,
    bulk_long_list = krait_bulk.c"longList" c"([JZ)Ljava/util/List;" static,
    bulk_double_list = krait_bulk.c"doubleList" c"([DZ)Ljava/util/List;" static,
    bulk_fill = krait_bulk.c"fill" c"(Ljava/util/Iterator;[Ljava/lang/Object;[J[B)I" static,
    proxy_create = krait_proxy.c"create" c"([Ljava/lang/Class;JJZ)Ljava/lang/Object;" static,
    py_access_wrap = py_access.c"wrap" c"(JJJZ)Ljep/python/PyObject;" static,
    py_access_pointer_of = py_access.c"pointerOf" c"(Ljava/lang/Object;J)J" static,
    proxy_python_object = krait_proxy.c"pythonObject" c"(Ljava/lang/Object;J)J" static,
    executable_parameter_types = executable.c"getParameterTypes" c"()[Ljava/lang/Class;" instance,
    executable_is_var_args = executable.c"isVarArgs" c"()Z" instance,
    executable_modifiers = executable.c"getModifiers" c"()I" instance,
    executable_declaring_class = executable.c"getDeclaringClass" c"()Ljava/lang/Class;" instance,
    executable_declaring_class_member = member.c"getDeclaringClass" c"()Ljava/lang/Class;" instance,
    method_return_type = method_class.c"getReturnType" c"()Ljava/lang/Class;" instance,
    field_type = field_class.c"getType" c"()Ljava/lang/Class;" instance,
    field_modifiers = field_class.c"getModifiers" c"()I" instance,
}
