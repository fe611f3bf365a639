//! The native methods of `jep.KraitNative` (see docs/native-contract.md).
//! Each catches panics and turns every failure into a Java exception.

use std::panic::{catch_unwind, AssertUnwindSafe};

use jni::sys::{jboolean, jclass, jint, jlong, jobject, jobjectArray, jstring, JNIEnv};

use super::env::{jni_call, Env, Failure, JResult};
use super::throw::throw_error;
use super::{settings, strings, to_java, to_python};
use crate::core::{self, CloseError, Error, Interpreter, SubOptions};

/// Runs `work` for a native method: panics and errors become Java exceptions,
/// and `fallback` is returned to Java in that case.
pub(super) fn entry<T>(
    raw: *mut JNIEnv,
    fallback: T,
    work: impl FnOnce(Env<'_>) -> JResult<T>,
) -> T {
    // SAFETY: the VM passes the current thread's valid JNIEnv to native methods.
    let env = unsafe { Env::from_raw(raw) };
    match catch_unwind(AssertUnwindSafe(|| work(env))) {
        Ok(Ok(value)) => value,
        Ok(Err(Failure::Core(err))) => {
            if env.check().is_ok() {
                throw_error(env, &err);
            }
            fallback
        }
        Ok(Err(Failure::JavaThrown)) => fallback,
        Err(panic) => {
            let text = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".into());
            if env.check().is_ok() {
                throw_error(
                    env,
                    &Error::Internal(format!("krait internal error: {text}")),
                );
            }
            fallback
        }
    }
}

/// The interpreter behind a handle from `openShared`/`openSub`.
pub(super) fn interpreter<'a>(handle: jlong) -> JResult<&'a Interpreter> {
    let ptr = handle as *const Interpreter;
    if ptr.is_null() {
        return Err(Error::Usage("Jep instance has been closed.".into()).into());
    }
    // SAFETY: the jar passes only live handles from openShared/openSub, on their thread.
    Ok(unsafe { &*ptr })
}

fn string_array(env: Env<'_>, array: jobjectArray, what: &str) -> JResult<Vec<String>> {
    if array.is_null() {
        return Ok(Vec::new());
    }
    (0..env.array_length(array))
        .map(|index| {
            let element = env.array_element(array, index)?;
            let raw = element
                .as_ref()
                .map_or(std::ptr::null_mut(), |e| e.as_raw());
            strings::to_rust(env, raw, what)
        })
        .collect()
}

fn into_handle(interp: Box<Interpreter>) -> jlong {
    Box::into_raw(interp) as jlong
}

/// `static native void startPython(String[] settings)`
#[unsafe(no_mangle)]
pub extern "system" fn Java_jep_KraitNative_startPython(
    raw: *mut JNIEnv,
    _cls: jclass,
    settings: jobjectArray,
) {
    entry(raw, (), |env| {
        let settings = string_array(env, settings, "a start-up setting")?;
        let mut config = settings::parse(&settings)?;
        config.builtin_modules.extend(super::module::builtins());
        config
            .prepared_sources
            .extend(super::module::prepared_sources());
        core::start(config)?;
        Ok(())
    })
}

/// `static native String pythonVersion()`
#[unsafe(no_mangle)]
pub extern "system" fn Java_jep_KraitNative_pythonVersion(
    raw: *mut JNIEnv,
    _cls: jclass,
) -> jstring {
    entry(raw, std::ptr::null_mut(), |env| {
        let version = core::python_version()
            .ok_or_else(|| Error::Usage("CPython has not been started".into()))?;
        Ok(strings::from_rust(env, version)?.into_raw())
    })
}

/// `static native long openShared(String[] includePaths, ClassLoader loader, ClassEnquirer enquirer)`
#[unsafe(no_mangle)]
pub extern "system" fn Java_jep_KraitNative_openShared(
    raw: *mut JNIEnv,
    _cls: jclass,
    paths: jobjectArray,
    loader: jobject,
    enquirer: jobject,
) -> jlong {
    entry(raw, 0, |env| {
        let paths = string_array(env, paths, "an include path")?;
        let interp = Interpreter::open_shared(&paths)?;
        configure(env, interp, loader, enquirer)
    })
}

/// `static native long openSub(String[] includePaths, int[] options, ClassLoader loader, ClassEnquirer enquirer)`
#[unsafe(no_mangle)]
pub extern "system" fn Java_jep_KraitNative_openSub(
    raw: *mut JNIEnv,
    _cls: jclass,
    paths: jobjectArray,
    options: jobject,
    loader: jobject,
    enquirer: jobject,
) -> jlong {
    entry(raw, 0, |env| {
        let paths = string_array(env, paths, "an include path")?;
        let options = sub_options(env, options)?;
        let interp = Interpreter::open_sub(&paths, &options)?;
        configure(env, interp, loader, enquirer)
    })
}

/// Imports `jep` into a new interpreter and gives it the class loader and the
/// Java import hook; on failure the interpreter is closed again.
fn configure(
    env: Env<'_>,
    interp: Box<Interpreter>,
    loader: jobject,
    enquirer: jobject,
) -> JResult<jlong> {
    let outcome = (|| -> JResult<()> {
        let attached = interp.enter()?;
        let globals = attached.globals();
        super::module::configure(attached.gil(), env, &globals, loader, enquirer)
    })();
    match outcome {
        Ok(()) => Ok(into_handle(interp)),
        Err(err) => {
            let _ = interp.close();
            Err(err)
        }
    }
}

/// The options of `SubInterpreterOptions.toNativeOptions()`. Before CPython 3.12,
/// which has no per-interpreter options, Jep ignores them and opens a legacy
/// sub-interpreter: so does the `jep` API (krait's C API refuses them instead).
fn sub_options(env: Env<'_>, options: jobject) -> JResult<SubOptions> {
    if options.is_null() {
        return Ok(SubOptions::default());
    }
    if cfg!(not(Py_3_12)) {
        log::warn!(
            "SubInterpreterOptions are ignored: CPython {} has no per-interpreter options \
             (3.12 or newer has), so a legacy sub-interpreter is opened, as Jep does",
            core::python_version().unwrap_or("older than 3.12")
        );
        return Ok(SubOptions::default());
    }
    let len = env.array_length(options);
    if len != 7 {
        return Err(Error::Usage(format!(
            "sub-interpreter options must have 7 entries, not {len}"
        ))
        .into());
    }
    let mut values = [0 as jint; 7];
    jni_call!(
        env,
        v1_2,
        GetIntArrayRegion,
        options,
        0,
        7,
        values.as_mut_ptr()
    );
    env.check()?;
    let option = |index: usize| match values[index] {
        v if v < 0 => None,
        v => Some(v != 0),
    };
    Ok(SubOptions {
        own_gil: option(0),
        use_main_obmalloc: option(1),
        allow_fork: option(2),
        allow_exec: option(3),
        allow_threads: option(4),
        allow_daemon_threads: option(5),
        check_multi_interp_extensions: option(6),
    })
}

/// `static native String subOptionsProblem(int[] options)`
#[unsafe(no_mangle)]
pub extern "system" fn Java_jep_KraitNative_subOptionsProblem(
    raw: *mut JNIEnv,
    _cls: jclass,
    options: jobject,
) -> jstring {
    entry(raw, std::ptr::null_mut(), |env| {
        match sub_options(env, options)?.validate() {
            Ok(()) => Ok(std::ptr::null_mut()),
            Err(problem) => Ok(strings::from_rust(env, &problem)?.into_raw()),
        }
    })
}

/// `static native String close(long handle)`: null when the interpreter closed
/// cleanly, else why its sub-interpreter was left running (the handle is freed).
#[unsafe(no_mangle)]
pub extern "system" fn Java_jep_KraitNative_close(
    raw: *mut JNIEnv,
    _cls: jclass,
    handle: jlong,
) -> jstring {
    entry(raw, std::ptr::null_mut(), |env| {
        interpreter(handle)?;
        // SAFETY: the handle came from Box::into_raw and the jar closes it once.
        let interp = unsafe { Box::from_raw(handle as *mut Interpreter) };
        match interp.close() {
            Ok(()) => Ok(std::ptr::null_mut()),
            Err(CloseError::Detached(err)) => {
                Ok(strings::from_rust(env, &err.to_string())?.into_raw())
            }
            Err(CloseError::Refused(interp, err)) => {
                // Not closed: the handle stays valid.
                let _ = Box::into_raw(interp);
                Err(Failure::Core(err))
            }
        }
    })
}

/// `static native void exec(long handle, String code)`
#[unsafe(no_mangle)]
pub extern "system" fn Java_jep_KraitNative_exec(
    raw: *mut JNIEnv,
    _cls: jclass,
    handle: jlong,
    code: jstring,
) {
    entry(raw, (), |env| {
        let interp = interpreter(handle)?;
        let code = strings::to_rust(env, code, "code")?;
        interp.enter()?.exec(&code)?;
        Ok(())
    })
}

/// `static native boolean eval(long handle, String line)`
#[unsafe(no_mangle)]
pub extern "system" fn Java_jep_KraitNative_eval(
    raw: *mut JNIEnv,
    _cls: jclass,
    handle: jlong,
    line: jstring,
) -> jboolean {
    entry(raw, false, |env| {
        let interp = interpreter(handle)?;
        let line = if line.is_null() {
            String::new()
        } else {
            strings::to_rust(env, line, "line")?
        };
        Ok(interp.enter()?.eval_line(&line)?)
    })
}

/// `static native void runScript(long handle, String path)`
#[unsafe(no_mangle)]
pub extern "system" fn Java_jep_KraitNative_runScript(
    raw: *mut JNIEnv,
    _cls: jclass,
    handle: jlong,
    path: jstring,
) {
    entry(raw, (), |env| {
        let interp = interpreter(handle)?;
        let path = strings::to_rust(env, path, "script path")?;
        interp.enter()?.run_script(&path)?;
        Ok(())
    })
}

/// `static native void set(long handle, String name, Object value)`
#[unsafe(no_mangle)]
pub extern "system" fn Java_jep_KraitNative_set(
    raw: *mut JNIEnv,
    _cls: jclass,
    handle: jlong,
    name: jstring,
    value: jobject,
) {
    entry(raw, (), |env| {
        let interp = interpreter(handle)?;
        let name = strings::to_rust(env, name, "variable name")?;
        let attached = interp.enter()?;
        let value = to_python::to_python(env, attached.gil(), value)?;
        attached.set(&name, &value)?;
        Ok(())
    })
}

/// `static native Object getValue(long handle, String expr, Class<?> target)`
#[unsafe(no_mangle)]
pub extern "system" fn Java_jep_KraitNative_getValue(
    raw: *mut JNIEnv,
    _cls: jclass,
    handle: jlong,
    expr: jstring,
    target: jclass,
) -> jobject {
    entry(raw, std::ptr::null_mut(), |env| {
        let interp = interpreter(handle)?;
        let expr = strings::to_rust(env, expr, "expression")?;
        let attached = interp.enter()?;
        let value = attached.get_value(&expr)?;
        let java = to_java::to_java(env, &value, target)?;
        Ok(java.map_or(std::ptr::null_mut(), |j| j.into_raw()))
    })
}

/// `static native void sharedImport(String module)`
#[unsafe(no_mangle)]
pub extern "system" fn Java_jep_KraitNative_sharedImport(
    raw: *mut JNIEnv,
    _cls: jclass,
    module: jstring,
) {
    entry(raw, (), |env| {
        let module = strings::to_rust(env, module, "module name")?;
        core::shared_import(&module)?;
        Ok(())
    })
}

/// `static native Object callPython(long interpreter, long object, String name, Object[] args, Class<?> returnType)`
#[unsafe(no_mangle)]
pub extern "system" fn Java_jep_KraitNative_callPython(
    raw: *mut JNIEnv,
    _cls: jclass,
    interpreter: jlong,
    object: jlong,
    name: jstring,
    args: jobjectArray,
    return_type: jclass,
) -> jobject {
    entry(raw, std::ptr::null_mut(), |env| {
        let name = if name.is_null() {
            None
        } else {
            Some(strings::to_rust(env, name, "method name")?)
        };
        core::with_interpreter(interpreter, |gil| {
            Ok((|| -> JResult<jobject> {
                let target = gil.borrowed(object as *mut pyo3::ffi::PyObject)?;
                let callable = match &name {
                    Some(name) => target.getattr(name)?,
                    None => target,
                };
                let result = to_python::call(env, gil, &callable, args)?;
                let c = super::cache::cache()?;
                if env.same(return_type, c.class.prim_void) {
                    return Ok(std::ptr::null_mut());
                }
                let java = to_java::to_java(env, &result, return_type)?;
                Ok(java.map_or(std::ptr::null_mut(), |j| j.into_raw()))
            })())
        })?
    })
}

/// `static native boolean hasAttribute(long interpreter, long object, String name)`
#[unsafe(no_mangle)]
pub extern "system" fn Java_jep_KraitNative_hasAttribute(
    raw: *mut JNIEnv,
    _cls: jclass,
    interpreter: jlong,
    object: jlong,
    name: jstring,
) -> jboolean {
    entry(raw, false, |env| {
        let name = std::ffi::CString::new(strings::to_rust(env, name, "attribute name")?)
            .map_err(|_| Error::Usage("attribute names cannot contain NUL".into()))?;
        Ok(core::with_interpreter(interpreter, |_gil| {
            // SAFETY: the object is a live reference owned by the proxy; we hold its GIL.
            Ok(unsafe {
                pyo3::ffi::PyObject_HasAttrString(object as *mut pyo3::ffi::PyObject, name.as_ptr())
            } == 1)
        })?)
    })
}

/// `static native void releasePython(long interpreter, long object)`
#[unsafe(no_mangle)]
pub extern "system" fn Java_jep_KraitNative_releasePython(
    raw: *mut JNIEnv,
    _cls: jclass,
    interpreter: jlong,
    object: jlong,
) {
    entry(raw, (), |_env| {
        core::release(interpreter, object as usize);
        Ok(())
    })
}

/// `static native long attach(long parent, boolean shareGlobals)`
#[unsafe(no_mangle)]
pub extern "system" fn Java_jep_KraitNative_attach(
    raw: *mut JNIEnv,
    _cls: jclass,
    parent: jlong,
    share_globals: jboolean,
) -> jlong {
    entry(raw, 0, |_env| {
        let parent = interpreter(parent)?;
        // SAFETY: the jar holds the parent's monitor, so it cannot close meanwhile.
        Ok(into_handle(unsafe { parent.attach(share_globals) }?))
    })
}

/// `static native long interpreterId(long handle)`
#[unsafe(no_mangle)]
pub extern "system" fn Java_jep_KraitNative_interpreterId(
    raw: *mut JNIEnv,
    _cls: jclass,
    handle: jlong,
) -> jlong {
    entry(raw, 0, |_env| Ok(interpreter(handle)?.id()))
}

/// `static native void unshareModules(long handle)`: before the last interpreter
/// over a sub-interpreter closes, takes the main interpreter's shared modules out
/// of its `sys.modules` (nothing to do, and nothing compiled, when none were shared).
#[unsafe(no_mangle)]
pub extern "system" fn Java_jep_KraitNative_unshareModules(
    raw: *mut JNIEnv,
    _cls: jclass,
    handle: jlong,
) {
    entry(raw, (), |_env| {
        let attached = interpreter(handle)?.enter()?;
        Ok(super::module::unshare_modules(attached.gil())?)
    })
}

/// `static native void checkClosable(long handle)`
#[unsafe(no_mangle)]
pub extern "system" fn Java_jep_KraitNative_checkClosable(
    raw: *mut JNIEnv,
    _cls: jclass,
    handle: jlong,
) {
    entry(raw, (), |_env| Ok(interpreter(handle)?.check_closable()?))
}
