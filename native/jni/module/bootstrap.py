# The Python half of krait's native `_jep` module (re-exported by the `jep`
# package, see package.py) beyond the import hook: run in the module's namespace
# on first use of one of its names (see lazy.py), not in every new interpreter.
# The native half provides: PyJObject, PyJMethod, PyJField, PyJArray, findClass
# (also as forName), jarray, jproxy, _monitor, _iterate, _import_shared.
# Everything here is per interpreter.

import sys as _sys

# --- type codes (Jep's values) -------------------------------------------------
JBOOLEAN_ID = 0
JINT_ID = 1
JLONG_ID = 2
JOBJECT_ID = 3
JSTRING_ID = 4
JVOID_ID = 5
JDOUBLE_ID = 6
JSHORT_ID = 7
JFLOAT_ID = 8
JARRAY_ID = 9
JCHAR_ID = 10
JBYTE_ID = 11
JCLASS_ID = 12
# JEP_NUMPY_ENABLED: see the numpy section appended from native/jni/numpy/bootstrap.py

_converters = {}


def setJavaToPythonConverter(javaClass, converter):
    """Makes `converter(obj)` produce the Python value of Java objects of `javaClass`
    and of its subclasses (the converter of the nearest class wins); `None` removes it."""
    name = javaClass if isinstance(javaClass, str) else getattr(javaClass, 'java_name', None)
    if name is None:
        raise TypeError('setJavaToPythonConverter needs a Java class, not %r' % (javaClass,))
    if converter is None:
        _converters.pop(name, None)
        return
    if not callable(converter):
        raise TypeError('the converter must be callable or None')
    _converters[name] = converter


def _convert(obj):
    """What the registered converter of the nearest class makes of a Java object
    (called by the native half while converters are registered); else `obj`."""
    for klass in type(obj).__mro__:
        converter = _converters.get(klass.__dict__.get('java_name'))
        if converter is not None:
            return converter(obj)
    return obj


# --- the metaclass of wrapped Java classes --------------------------------------
class _JavaClassType(type):
    """Type of the Python classes that mirror Java classes."""

    def __setattr__(cls, name, value):
        for klass in cls.__mro__:
            found = klass.__dict__.get(name)
            if isinstance(found, PyJField):
                found.__set__(None, value)
                return
        raise AttributeError("cannot set attribute %r of Java class %s" % (name, cls.java_name))

    def __repr__(cls):
        return "<class '%s'>" % cls.java_name

    @property
    def __pytype__(cls):
        """The Python type of this Java class's objects (Jep's name for it): the class itself."""
        return cls

    def __getattr__(cls, name):
        # Called only for names the class lacks: the members of its java.lang.Class
        # (`String.getName()`, `obj.getClass().getSimpleName()`), as in Jep; then
        # member classes (Thread.State, Map.Entry), also inherited ones, loaded on first use.
        if name.startswith('_'):
            raise AttributeError(name)
        class_object = _class_object(cls)
        if any(name in klass.__dict__ for klass in type(class_object).__mro__):
            return getattr(class_object, name)
        for klass in cls.__mro__:
            java_name = klass.__dict__.get('java_name')
            if java_name is None:
                continue
            try:
                member = findClass(java_name + '$' + name)
            except ImportError:
                continue
            type.__setattr__(cls, name, member)
            return member
        raise AttributeError("type object '%s' has no attribute '%s'" % (cls.__name__, name))

    def __dir__(cls):
        names = set()
        for klass in cls.__mro__:
            names.update(k for k in klass.__dict__ if not k.startswith('_'))
        return sorted(names)


def _functional_call(method_name):
    def __call__(self, *args):
        return getattr(self, method_name)(*args)
    return __call__


def _make_class(java_name, bases, namespace, functional):
    """Creates the Python class of a Java class (called by the native half)."""
    package, _, simple = java_name.rpartition('.')
    mixin = _MIXINS.get(java_name)
    if mixin is not None:
        # First, so its operators win over PyJObject's generic comparison.
        bases = (mixin,) + bases
    if functional and '__call__' not in namespace:
        namespace['__call__'] = _functional_call(functional)
    namespace.update(__slots__=(), java_name=java_name, __module__=package, __qualname__=simple)
    candidates = [bases]
    # Java's supertypes can give an inconsistent Python MRO: drop redundant bases.
    kept = tuple(b for b in bases if not any(o is not b and issubclass(o, b) for o in bases))
    candidates.append(kept)
    candidates.append(tuple(b for b in bases if b in _MIXINS.values()) + tuple(b for b in bases if b not in _MIXINS.values())[:1])
    error = None
    for candidate in candidates:
        try:
            return _JavaClassType(simple, candidate, dict(namespace))
        except TypeError as e:
            error = e
    raise error


def _constructor(ctor):
    """`__new__` of a Java class: calls the Java constructor."""
    def __new__(cls, *args):
        return ctor(*args)
    return staticmethod(__new__)


class _Monitor:
    """Holds a Java object's monitor for the duration of a `with` block."""

    def __init__(self, obj):
        self._obj = obj

    def __enter__(self):
        _monitor(self._obj, True)
        return self._obj

    def __exit__(self, *exc):
        # Exiting a monitor this thread does not hold raises (Java's
        # IllegalMonitorStateException, a RuntimeError) and changes nothing.
        _monitor(self._obj, False)
        return False


# --- Python's standard streams into Java OutputStreams (JepConfig.redirectStdout) ---
import io as _io


class _JavaStream(_io.TextIOBase):
    """A text stream writing UTF-8 to a java.io.OutputStream, flushed on every write."""

    def __init__(self, stream, name):
        self._stream = stream
        self._name = name

    @property
    def name(self):
        return self._name

    @property
    def encoding(self):
        return 'utf-8'

    def writable(self):
        return True

    def write(self, text):
        if not isinstance(text, str):
            raise TypeError('write() argument must be str, not %s' % type(text).__name__)
        data = text.encode('utf-8', 'surrogatepass')
        if data:
            self._stream.write(data)
            self._stream.flush()
        return len(text)

    def flush(self):
        self._stream.flush()


def _redirect(stream, which):
    """Sends sys.stdout or sys.stderr to a Java OutputStream."""
    setattr(_sys, which, _JavaStream(stream, '<java %s>' % which))


# --- shared modules (JepConfig.addSharedModules) --------------------------------------
class _SharedModuleImporter:
    """Gives a legacy sub-interpreter the main interpreter's copy of some modules
    (and of their submodules), for extensions that load only once per process."""

    def __init__(self, names):
        self.names = set(names)

    def _shared(self, fullname):
        return any(fullname == n or fullname.startswith(n + '.') for n in self.names)

    def find_spec(self, fullname, path=None, target=None):
        if self._shared(fullname):
            return _ModuleSpec(fullname, self)
        return None

    def create_module(self, spec):
        module = _import_shared(spec.name)
        spec.loader_state = getattr(module, '__spec__', None)
        return module

    def exec_module(self, module):
        # The import system set our spec on the main interpreter's module: give
        # the module back the spec (and loader) it was loaded with.
        original = module.__spec__.loader_state
        if original is not None:
            module.__spec__ = original


def _share_modules(names):
    """Installs the shared-module importer first on sys.meta_path."""
    for finder in _sys.meta_path:
        if isinstance(finder, _SharedModuleImporter):
            finder.names.update(names)
            return
    _sys.meta_path.insert(0, _SharedModuleImporter(names))


def _unshare_modules():
    """Takes the shared modules out of sys.modules before this sub-interpreter ends,
    so its teardown does not clear the main interpreter's module objects."""
    for finder in _sys.meta_path:
        if isinstance(finder, _SharedModuleImporter):
            for name in [n for n in _sys.modules if finder._shared(n)]:
                del _sys.modules[name]
