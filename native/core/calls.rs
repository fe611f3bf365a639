//! What a host can ask of an attached interpreter: run code, evaluate
//! expressions, look names up, call, and set globals.

use std::ffi::CString;

use pyo3::ffi;

use super::error::{Error, Result};
use super::gil::{Gil, PyRef};
use super::interpreter::Attached;

/// How source code is compiled.
#[derive(Clone, Copy)]
#[repr(u8)]
enum Mode {
    Exec,
    Eval,
    /// One interactive statement (expression values are printed): cache key only.
    Single,
}

impl<'i> Attached<'i> {
    /// Runs Python statements in the interpreter's globals.
    pub fn exec(&self, code: &str) -> Result<()> {
        let compiled = self.compile(code, "<string>", Mode::Exec)?;
        self.run_code(&compiled).map(drop)
    }

    /// Runs one line (or a complete block) the way Jep's `eval` does, buffering
    /// what the interactive console would wait for:
    /// - with nothing buffered, source that compiles as one interactive statement
    ///   (`x = 1`, or a whole `def` block) runs at once and `true` is returned;
    /// - an incomplete statement (`def f():`) is buffered and `false` returned,
    ///   as are the lines that follow it, until an empty line runs the buffer
    ///   (`true`);
    /// - an empty line with nothing buffered runs nothing and returns `false`.
    ///
    /// A syntax error (or a failure of the code) empties the buffer.
    pub fn eval_line(&self, line: &str) -> Result<bool> {
        let gil = self.gil();
        let mut lines = self.interp.pending_lines.borrow_mut();
        if line.trim().is_empty() && lines.is_empty() {
            return Ok(false);
        }
        if lines.is_empty() {
            if let Some(compiled) = self.compile_single(line)? {
                drop(lines);
                return self.run_code(&compiled).map(|_| true);
            }
        }
        lines.push(line.to_string());
        let source = lines.join("\n");
        let compile_command = gil.import("codeop")?.getattr("compile_command")?;
        let args = tuple(
            gil,
            vec![gil.str(&source)?, gil.str("<stdin>")?, gil.str("single")?],
        )?;
        let compiled = match compile_command.call(&args, None) {
            Ok(compiled) => compiled,
            Err(err) => {
                lines.clear();
                return Err(err);
            }
        };
        // SAFETY: reading Py_None's address.
        if compiled.as_ptr() == unsafe { ffi::Py_None() } {
            return Ok(false);
        }
        lines.clear();
        drop(lines);
        self.run_code(&compiled).map(|_| true)
    }

    /// Runs a Python script file in the interpreter's globals, with `__file__`
    /// set: source, or a compiled `.pyc` of this CPython version.
    pub fn run_script(&self, path: &str) -> Result<()> {
        let content = std::fs::read(path)
            .map_err(|e| Error::Usage(format!("could not read script {path}: {e}")))?;
        let gil = self.gil();
        let compiled = if is_compiled(path, &content) {
            load_compiled(gil, path, &content)?
        } else {
            // SAFETY: the pointer and length describe `content`; we hold the GIL.
            let bytes = gil.owned(unsafe {
                ffi::PyBytes_FromStringAndSize(
                    content.as_ptr().cast(),
                    content.len() as ffi::Py_ssize_t,
                )
            })?;
            let compile = gil.builtins()?.getattr("compile")?;
            let args = tuple(gil, vec![bytes, gil.str(path)?, gil.str("exec")?])?;
            compile.call(&args, None)?
        };
        let globals = self.globals();
        let file_key = gil.str("__file__")?;
        // SAFETY: globals is a dict and file_key a str; we hold the GIL.
        let had_file = unsafe { ffi::PyDict_Contains(globals.as_ptr(), file_key.as_ptr()) } == 1;
        if !had_file {
            self.set("__file__", &gil.str(path)?)?;
        }
        let outcome = self.run_code(&compiled);
        if !had_file {
            // SAFETY: as above; a missing key only sets a KeyError we clear.
            unsafe {
                if ffi::PyDict_DelItem(globals.as_ptr(), file_key.as_ptr()) != 0 {
                    ffi::PyErr_Clear();
                }
            }
        }
        outcome.map(drop)
    }

    /// Looks up a name in globals, then builtins; a dotted name (`obj.method`)
    /// continues with attribute lookups.
    pub fn resolve(&self, name: &str) -> Result<PyRef<'_>> {
        let mut parts = name.split('.');
        let first = parts.next().unwrap_or_default();
        let mut value = self.lookup_global(first)?;
        for part in parts {
            value = value.getattr(part)?;
        }
        Ok(value)
    }

    /// Binds the interpreter's name slot `slot` (`0..NAME_SLOTS`) to `name`,
    /// possibly dotted, for [`Attached::resolve_slot`], and returns the
    /// binding's tag; the slot is unchanged on failure.
    pub fn bind_name(&self, slot: usize, name: &str) -> Result<u32> {
        // SAFETY: we hold this interpreter's GIL.
        unsafe { self.interp.names.bind(self.gil(), slot, name) }
    }

    /// [`Attached::resolve`] for the name bound to `slot` with `tag` by
    /// [`Attached::bind_name`]: looked up with its interned parts, without
    /// decoding or allocating (the value is looked up anew every time). `None`
    /// when the slot was bound anew since.
    pub fn resolve_slot(&self, slot: usize, tag: u32) -> Result<Option<PyRef<'_>>> {
        let gil = self.gil();
        // SAFETY: we hold this interpreter's GIL.
        let Some((first, dotted)) = (unsafe { self.interp.names.first(slot, tag) }) else {
            return Ok(None);
        };
        let first = gil.owned(first)?;
        let rest = if dotted {
            // SAFETY: as above; no Python code ran since `first`.
            unsafe { self.interp.names.rest(gil, slot) }?
        } else {
            Vec::new()
        };
        let mut value = self.lookup_key(&first)?;
        for part in rest {
            // SAFETY: both objects are live; we hold the GIL.
            value = self
                .gil()
                .owned(unsafe { ffi::PyObject_GetAttr(value.as_ptr(), part.as_ptr()) })?;
        }
        Ok(Some(value))
    }

    /// Calls the object named `name` (see [`Attached::resolve`]).
    pub fn invoke<'py>(
        &'py self,
        name: &str,
        args: Vec<PyRef<'py>>,
        kwargs: Option<&PyRef<'py>>,
    ) -> Result<PyRef<'py>> {
        let callable = self.resolve(name)?;
        let args = tuple(self.gil(), args)?;
        callable.call(&args, kwargs)
    }

    /// Binds `name` to `value` in the interpreter's globals.
    pub fn set(&self, name: &str, value: &PyRef<'_>) -> Result<()> {
        let gil = self.gil();
        let key = gil.str(name)?;
        // SAFETY: globals is a dict, key and value are live; we hold the GIL.
        if unsafe { ffi::PyDict_SetItem(self.interp.globals, key.as_ptr(), value.as_ptr()) } != 0 {
            return Err(gil.take_error());
        }
        Ok(())
    }

    /// Evaluates an expression in the interpreter's globals. A plain name is
    /// looked up directly without compiling.
    pub fn get_value(&self, expr: &str) -> Result<PyRef<'_>> {
        if is_identifier(expr) {
            return self.lookup_global(expr);
        }
        let compiled = self.compile(expr.trim(), "<string>", Mode::Eval)?;
        self.run_code(&compiled)
    }

    fn lookup_global(&self, name: &str) -> Result<PyRef<'_>> {
        self.lookup_key(&self.gil().str(name)?)
    }

    /// Looks the `str` `key` up in globals, then builtins.
    fn lookup_key(&self, key: &PyRef<'_>) -> Result<PyRef<'_>> {
        let gil = self.gil();
        // SAFETY: globals is a dict; the result is borrowed (or null with/without error).
        let found = unsafe { ffi::PyDict_GetItemWithError(self.interp.globals, key.as_ptr()) };
        if !found.is_null() {
            return gil.borrowed(found);
        }
        // SAFETY: checking for an error raised by the lookup.
        if !unsafe { ffi::PyErr_Occurred() }.is_null() {
            return Err(gil.take_error());
        }
        let builtins = gil.builtins()?;
        // SAFETY: builtins and key are live; we hold the GIL.
        let found = unsafe { ffi::PyObject_GetAttr(builtins.as_ptr(), key.as_ptr()) };
        if !found.is_null() {
            return gil.owned(found);
        }
        // SAFETY: replace the AttributeError with the NameError Python itself raises.
        unsafe {
            ffi::PyErr_Clear();
            let name = key.text_lossy();
            let msg = CString::new(format!("name '{name}' is not defined"))
                .unwrap_or_else(|_| CString::from(c"name is not defined"));
            ffi::PyErr_SetString(ffi::PyExc_NameError, msg.as_ptr());
        }
        Err(gil.take_error())
    }

    fn compile(&self, code: &str, filename: &str, mode: Mode) -> Result<PyRef<'_>> {
        let key = mode as u8;
        let cache = &self.interp.code_cache;
        // SAFETY: we hold this interpreter's GIL.
        if let Some(cached) = unsafe { cache.get(key, code) } {
            return self.gil().owned(cached);
        }
        let compiled = self.compile_uncached(code, filename, mode)?;
        // SAFETY: as above.
        unsafe { cache.put(key, code, compiled.as_ptr()) };
        Ok(compiled)
    }

    /// Compiles `code` as one interactive statement; `None` when it is not one
    /// (a syntax error, such as incomplete input).
    fn compile_single(&self, code: &str) -> Result<Option<PyRef<'_>>> {
        let key = Mode::Single as u8;
        let cache = &self.interp.code_cache;
        // SAFETY: we hold this interpreter's GIL.
        if let Some(cached) = unsafe { cache.get(key, code) } {
            return self.gil().owned(cached).map(Some);
        }
        let source = CString::new(code)
            .map_err(|_| Error::Usage("source code cannot contain NUL characters".into()))?;
        // SAFETY: both strings are NUL-terminated; we hold the GIL.
        let compiled = unsafe {
            ffi::Py_CompileStringExFlags(
                source.as_ptr(),
                c"<stdin>".as_ptr(),
                ffi::Py_single_input,
                std::ptr::null_mut(),
                -1,
            )
        };
        // SAFETY: a null result left a pending exception; we hold the GIL.
        if compiled.is_null() && unsafe { ffi::PyErr_ExceptionMatches(ffi::PyExc_SyntaxError) } != 0
        {
            // SAFETY: as above.
            unsafe { ffi::PyErr_Clear() };
            return Ok(None);
        }
        let compiled = self.gil().owned(compiled)?;
        // SAFETY: as above.
        unsafe { cache.put(key, code, compiled.as_ptr()) };
        Ok(Some(compiled))
    }

    fn compile_uncached(&self, code: &str, filename: &str, mode: Mode) -> Result<PyRef<'_>> {
        let code = CString::new(code)
            .map_err(|_| Error::Usage("source code cannot contain NUL characters".into()))?;
        let filename = CString::new(filename).unwrap_or_default();
        let start = match mode {
            Mode::Exec => ffi::Py_file_input,
            Mode::Eval => ffi::Py_eval_input,
            Mode::Single => ffi::Py_single_input,
        };
        // SAFETY: both strings are NUL-terminated; we hold the GIL.
        self.gil().owned(unsafe {
            ffi::Py_CompileStringExFlags(
                code.as_ptr(),
                filename.as_ptr(),
                start,
                std::ptr::null_mut(),
                -1,
            )
        })
    }

    fn run_code(&self, code: &PyRef<'_>) -> Result<PyRef<'_>> {
        let globals = self.interp.globals;
        // SAFETY: code is a code object and globals a dict; we hold the GIL.
        self.gil()
            .owned(unsafe { ffi::PyEval_EvalCode(code.as_ptr(), globals, globals) })
    }
}

/// Length of the header of a `.pyc` file (PEP 552): magic, flags, and the
/// source's modification time and size (or its hash).
const PYC_HEADER_LEN: usize = 16;

/// Whether a script is a compiled `.pyc`: by its name, or by starting with the
/// magic number of the running CPython (as `python file` decides).
fn is_compiled(path: &str, content: &[u8]) -> bool {
    path.ends_with(".pyc") || content.starts_with(&magic_number())
}

/// The first four bytes of the `.pyc` files of the running CPython.
fn magic_number() -> [u8; 4] {
    // SAFETY: no preconditions; the value fits in 32 bits, stored little-endian.
    (unsafe { ffi::PyImport_GetMagicNumber() } as u32).to_le_bytes()
}

/// The code object of a `.pyc` file written by this CPython version.
fn load_compiled<'py>(gil: Gil<'py>, path: &str, content: &[u8]) -> Result<PyRef<'py>> {
    if content.len() < PYC_HEADER_LEN || !content.starts_with(&magic_number()) {
        return Err(Error::Usage(format!(
            "{path} is not a compiled script of this CPython version (bad magic number in .pyc file)"
        )));
    }
    let body = &content[PYC_HEADER_LEN..];
    // SAFETY: the pointer and length describe `body`; we hold the GIL.
    let code = gil.owned(unsafe {
        ffi::PyMarshal_ReadObjectFromString(body.as_ptr().cast(), body.len() as ffi::Py_ssize_t)
    })?;
    // SAFETY: code is live; PyCode_Type is a static type object.
    let is_code =
        unsafe { ffi::Py_TYPE(code.as_ptr()) == std::ptr::addr_of_mut!(ffi::PyCode_Type) };
    if !is_code {
        return Err(Error::Usage(format!(
            "{path} does not hold a compiled module (found {})",
            code.type_name()
        )));
    }
    Ok(code)
}

/// A tuple owning `items`.
pub fn tuple<'py>(gil: Gil<'py>, items: Vec<PyRef<'py>>) -> Result<PyRef<'py>> {
    // SAFETY: we hold the GIL.
    let result = gil.owned(unsafe { ffi::PyTuple_New(items.len() as ffi::Py_ssize_t) })?;
    for (index, item) in items.into_iter().enumerate() {
        // SAFETY: the tuple is new and has room; SET_ITEM steals the reference.
        unsafe {
            ffi::PyTuple_SET_ITEM(result.as_ptr(), index as ffi::Py_ssize_t, item.into_ptr())
        };
    }
    Ok(result)
}

fn is_identifier(text: &str) -> bool {
    let mut chars = text.chars();
    matches!(chars.next(), Some(c) if c == '_' || c.is_ascii_alphabetic())
        && chars.all(|c| c == '_' || c.is_ascii_alphanumeric())
        && !is_keyword(text)
}

fn is_keyword(text: &str) -> bool {
    matches!(
        text,
        "False"
            | "None"
            | "True"
            | "and"
            | "as"
            | "assert"
            | "async"
            | "await"
            | "break"
            | "class"
            | "continue"
            | "def"
            | "del"
            | "elif"
            | "else"
            | "except"
            | "finally"
            | "for"
            | "from"
            | "global"
            | "if"
            | "import"
            | "in"
            | "is"
            | "lambda"
            | "nonlocal"
            | "not"
            | "or"
            | "pass"
            | "raise"
            | "return"
            | "try"
            | "while"
            | "with"
            | "yield"
    )
}
