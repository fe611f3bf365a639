//! The JDK's compact strings (JDK 9+, JEP 254), reached through JNI so that
//! long Latin-1 text crosses with one copy: a `String` whose `coder` is
//! Latin-1 keeps one byte per character in its `value` array, which Python
//! reads in place, and a new Latin-1 `String` can own a byte array krait
//! filled (the JDK's own `String(byte[], byte)` constructor, which copies
//! nothing). JNI applies no access checks, so these private members are
//! reachable; a VM without them (or running with `-XX:-CompactStrings`)
//! gets `None` from [`layout`], and callers use UTF-16 instead.

use jni::sys::{jbyte, jfieldID, jmethodID, jobject, jvalue};
use once_cell::sync::OnceCell;

use super::env::{jni_call, jobj, Env, JResult, Local};

/// The `coder` value of a Latin-1 string (`String.LATIN1`).
const LATIN1: jbyte = 0;

/// The private members of `java.lang.String` used for Latin-1 text.
pub struct Layout {
    /// `byte[] value`
    value: jfieldID,
    /// `byte coder`
    coder: jfieldID,
    /// `String(byte[] value, byte coder)`
    new_with_coder: jmethodID,
    /// Global reference to `java.lang.String`.
    class: jobject,
}

// SAFETY: field and method IDs and a global class reference may be used from
// any thread; the layout is never mutated after creation.
unsafe impl Send for Layout {}
// SAFETY: as above.
unsafe impl Sync for Layout {}

static LAYOUT: OnceCell<Option<Layout>> = OnceCell::new();

/// The compact-string layout of this VM, looked up once; `None` when strings
/// are not compact here.
pub fn layout(env: Env<'_>) -> JResult<Option<&'static Layout>> {
    let class = super::cache::cache()?.class.string;
    Ok(LAYOUT.get_or_init(|| load(env, class)).as_ref())
}

fn load(env: Env<'_>, class: jobject) -> Option<Layout> {
    // A missing member throws NoSuchFieldError/NoSuchMethodError: not an
    // error here, so it is cleared before the next JNI call.
    let present = |id: *mut std::ffi::c_void| -> Option<()> {
        if id.is_null() {
            jni_call!(env, v1_2, ExceptionClear);
            None
        } else {
            Some(())
        }
    };
    let compact = jni_call!(
        env,
        v1_2,
        GetStaticFieldID,
        class,
        c"COMPACT_STRINGS".as_ptr(),
        c"Z".as_ptr()
    );
    present(compact.cast())?;
    if !jni_call!(env, v1_2, GetStaticBooleanField, class, compact) {
        return None;
    }
    let value = jni_call!(
        env,
        v1_2,
        GetFieldID,
        class,
        c"value".as_ptr(),
        c"[B".as_ptr()
    );
    present(value.cast())?;
    let coder = jni_call!(
        env,
        v1_2,
        GetFieldID,
        class,
        c"coder".as_ptr(),
        c"B".as_ptr()
    );
    present(coder.cast())?;
    let new_with_coder = jni_call!(
        env,
        v1_2,
        GetMethodID,
        class,
        c"<init>".as_ptr(),
        c"([BB)V".as_ptr()
    );
    present(new_with_coder.cast())?;
    Some(Layout {
        value,
        coder,
        new_with_coder,
        class,
    })
}

impl Layout {
    /// The Latin-1 bytes of a (non-null) string, or `None` when it has a
    /// character above U+00FF (its `coder` is UTF-16).
    pub fn latin1_bytes<'env>(
        &self,
        env: Env<'env>,
        string: jobject,
    ) -> JResult<Option<Local<'env>>> {
        if jni_call!(env, v1_2, GetByteField, string, self.coder) != LATIN1 {
            return Ok(None);
        }
        env.local(jni_call!(env, v1_2, GetObjectField, string, self.value))
    }

    /// A new Latin-1 string that owns `bytes` (a `byte[]` nobody else holds).
    pub fn latin1_string<'env>(&self, env: Env<'env>, bytes: &Local<'_>) -> JResult<Local<'env>> {
        env.new_object(
            self.class,
            self.new_with_coder,
            &[jobj(bytes.as_raw()), jvalue { b: LATIN1 }],
        )
    }
}
