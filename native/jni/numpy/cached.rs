//! The numpy objects an interpreter reuses on every conversion: interned
//! attribute names, `numpy.ndarray` and the dtype of each Java element type.
//! They live in a list owned by the interpreter's `_jep` module state
//! ([`State::numpy`]), so each interpreter has its own and they are released
//! with it; a slot is filled on first use (numpy objects only once numpy is
//! imported, so numpy imported later is still found).

use pyo3::ffi;

use crate::core::{Gil, PyRef, Result};
use crate::jni::module::State;
use crate::jni::to_java::Prim;

/// An attribute or key name the numpy conversions look up.
#[derive(Clone, Copy)]
pub enum Name {
    /// `numpy` (its key in `sys.modules`).
    Numpy,
    /// `ndarray.base`.
    Base,
    /// `ndarray.dtype`.
    Dtype,
    /// `ndarray.shape`.
    Shape,
    /// `ndarray.strides`.
    Strides,
    /// `numpy.empty`.
    Empty,
}

impl Name {
    fn text(self) -> &'static std::ffi::CStr {
        match self {
            Name::Numpy => c"numpy",
            Name::Base => c"base",
            Name::Dtype => c"dtype",
            Name::Shape => c"shape",
            Name::Strides => c"strides",
            Name::Empty => c"empty",
        }
    }
}

/// The slot of `numpy.ndarray`.
const NDARRAY: usize = 0;
/// The first name slot (one per [`Name`]).
const NAMES: usize = 1;
/// The first dtype slot: one per Java element type, unsigned flag and byte
/// order (`=`, `<`, `>`).
const DTYPES: usize = NAMES + 6;
/// The length of the list.
const SLOTS: usize = DTYPES + Prim::ALL.len() * 2 * 3;

/// A new, empty cache list for a new interpreter's module state (owned).
pub fn new_list(gil: Gil<'_>) -> Result<*mut ffi::PyObject> {
    // SAFETY: a new list of null slots (filled later with SetItem); we hold the GIL.
    Ok(gil
        .owned(unsafe { ffi::PyList_New(SLOTS as ffi::Py_ssize_t) })?
        .into_ptr())
}

/// The object in `slot`, or the one `make` returns, kept there.
fn slot<'py>(
    gil: Gil<'py>,
    state: &State,
    slot: usize,
    make: impl FnOnce() -> Result<PyRef<'py>>,
) -> Result<PyRef<'py>> {
    // SAFETY: the state's list has SLOTS items (null until filled); we hold
    // the GIL of its interpreter.
    let found = unsafe { ffi::PyList_GET_ITEM(state.numpy, slot as ffi::Py_ssize_t) };
    if !found.is_null() {
        return gil.borrowed(found);
    }
    let made = make()?;
    // SAFETY: SetItem steals the new reference given to it and releases the
    // (null) old item.
    let stored = unsafe {
        ffi::PyList_SetItem(
            state.numpy,
            slot as ffi::Py_ssize_t,
            made.clone_ref().into_ptr(),
        )
    };
    if stored != 0 {
        return Err(gil.take_error());
    }
    Ok(made)
}

/// The interned name.
pub fn name<'py>(gil: Gil<'py>, state: &State, name: Name) -> Result<PyRef<'py>> {
    slot(gil, state, NAMES + name as usize, || {
        crate::core::interned(gil, name.text())
    })
}

/// `getattr(obj, name)` with the cached name.
pub fn attr<'py>(obj: &PyRef<'py>, state: &State, name: Name) -> Result<PyRef<'py>> {
    let gil = obj.gil();
    let name = self::name(gil, state, name)?;
    // SAFETY: both objects are live; we hold the GIL.
    gil.owned(unsafe { ffi::PyObject_GetAttr(obj.as_ptr(), name.as_ptr()) })
}

/// `numpy.ndarray` of the imported `numpy`.
pub fn ndarray<'py>(state: &State, numpy: &PyRef<'py>) -> Result<PyRef<'py>> {
    slot(numpy.gil(), state, NDARRAY, || numpy.getattr("ndarray"))
}

/// `numpy.dtype(code)` for a Java element type, unsigned flag and byte order
/// (`=`, `<` or `>`; see [`super::from_java`] for the code).
pub fn dtype<'py>(
    state: &State,
    numpy: &PyRef<'py>,
    prim: Prim,
    unsigned: bool,
    order: char,
) -> Result<PyRef<'py>> {
    let gil = numpy.gil();
    let kind = Prim::ALL.iter().position(|&p| p == prim).unwrap_or(0);
    let order_index = match order {
        '<' => 1,
        '>' => 2,
        _ => 0,
    };
    let index = DTYPES + (kind * 2 + usize::from(unsigned)) * 3 + order_index;
    slot(gil, state, index, || {
        let code = gil.str(&super::from_java::dtype_code(prim, unsigned, order))?;
        numpy.getattr("dtype")?.call1(&code)
    })
}
