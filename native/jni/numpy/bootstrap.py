
# --- numpy (the native half is native/jni/numpy) ---------------------------------
# Appended to the jep module's bootstrap. numpy is never imported here: only when a
# conversion needs it (an NDArray reaching Python) or when Python code imports it.

def __getattr__(name):
    # JEP_NUMPY_ENABLED is decided on first use, without importing numpy.
    if name == 'JEP_NUMPY_ENABLED':
        import importlib.util
        found = 'numpy' in _sys.modules or importlib.util.find_spec('numpy') is not None
        globals()[name] = value = 1 if found else 0
        return value
    raise AttributeError("module 'jep' has no attribute %r" % (name,))


def _numpy():
    """numpy, imported if needed; None when it is not installed."""
    numpy = _sys.modules.get('numpy')
    if numpy is not None:
        return numpy
    try:
        import numpy
    except ModuleNotFoundError as e:
        if e.name == 'numpy':
            return None
        raise
    return numpy


# Java primitive (JNI letter) -> numpy dtype of the same width (signed, unsigned).
_JAVA_DTYPES = {
    'Z': ('?', '?'), 'B': ('i1', 'u1'), 'S': ('i2', 'u2'), 'I': ('i4', 'u4'),
    'J': ('i8', 'u8'), 'F': ('f4', 'f4'), 'D': ('f8', 'f8'),
}
# (dtype.kind, dtype.itemsize) -> (JNI letter, unsigned) of the Java type of the same bits.
_NUMPY_JAVA = {
    ('b', 1): ('Z', False), ('i', 1): ('B', False), ('u', 1): ('B', True),
    ('i', 2): ('S', False), ('u', 2): ('S', True), ('i', 4): ('I', False),
    ('u', 4): ('I', True), ('i', 8): ('J', False), ('u', 8): ('J', True),
    ('f', 4): ('F', False), ('f', 8): ('D', False),
}
_JAVA_NAMES = {'Z': 'boolean', 'B': 'byte', 'S': 'short', 'I': 'int', 'J': 'long',
               'F': 'float', 'D': 'double', 'C': 'char'}


def _ndarray_to_java(arr, letter=None):
    """Prepares `arr` for copying into a Java primitive array.

    Returns (array, letter, unsigned): `array` is C-contiguous in native byte order with
    the dtype of Java primitive `letter`. Without `letter`, the Java type is the one of
    the same width (None when the dtype has none). With `letter`, a dtype of that width is
    copied bit for bit (unsigned too); other dtypes are cast when numpy calls the cast
    safe, integers (and booleans) also when every value fits, float64 to float by
    rounding; anything else raises TypeError.
    """
    numpy = _numpy()
    native = arr.dtype.newbyteorder('=')
    exact = _NUMPY_JAVA.get((native.kind, native.itemsize))
    if letter is None or (exact is not None and exact[0] == letter):
        if exact is None:
            return None
        return numpy.ascontiguousarray(arr, dtype=native), exact[0], exact[1]
    if letter not in _JAVA_DTYPES:
        raise TypeError('Cannot convert numpy.ndarray of dtype %s to %s[]'
                        % (arr.dtype, _JAVA_NAMES.get(letter, letter)))
    target = numpy.dtype(_JAVA_DTYPES[letter][0])
    if numpy.can_cast(native, target, 'safe'):
        cast = arr.astype(target, order='C')
    elif native.kind in 'biu' and target.kind in 'iu':
        cast = arr.astype(target, order='C')
        if not numpy.array_equal(cast, arr):
            raise TypeError('Cannot convert numpy.ndarray of dtype %s to %s[]: values are out of range'
                            % (arr.dtype, _JAVA_NAMES[letter]))
    elif native.kind == 'f' and target.kind == 'f':
        cast = arr.astype(target, order='C')
    else:
        raise TypeError('Cannot convert numpy.ndarray of dtype %s to %s[]'
                        % (arr.dtype, _JAVA_NAMES[letter]))
    return numpy.ascontiguousarray(cast), letter, False


_NUMPY_HINT = (
    "numpy cannot be imported in this interpreter: its C extension loads in only one "
    "interpreter per process and not in isolated sub-interpreters. Use numpy from "
    "SharedInterpreters, share it from the main interpreter with shared modules "
    "(JepConfig.addSharedModules(\"numpy\")), or use it in a single legacy "
    "sub-interpreter (SubInterpreterOptions.legacy()) when no other interpreter imports "
    "it. (%s)")


class _NumpyImportHint:
    """Turns numpy's ImportError in sub-interpreters into one that names the way out."""

    def find_spec(self, fullname, path=None, target=None):
        if fullname != 'numpy':
            return None
        for finder in _sys.meta_path:
            if finder is self or not hasattr(finder, 'find_spec'):
                continue
            spec = finder.find_spec(fullname, path, target)
            if spec is not None:
                break
        else:
            return None
        loader = spec.loader
        if loader is not None and hasattr(loader, 'exec_module'):
            loader.exec_module = _hinting_exec(loader.exec_module)
        return spec


def _hinting_exec(exec_module):
    def hinting_exec_module(module):
        try:
            exec_module(module)
        except ImportError as e:
            text = str(e)
            if 'subinterpreter' not in text and 'more than once per process' not in text:
                raise
            lines = text.strip().splitlines() or [text]
            last = lines[-1].replace('Original error was: ', '', 1)
            raise ImportError(_NUMPY_HINT % (last,), name='numpy') from e
    return hinting_exec_module


if not any(isinstance(f, _NumpyImportHint) for f in _sys.meta_path):
    _sys.meta_path.insert(0, _NumpyImportHint())
