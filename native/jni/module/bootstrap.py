# The Python half of krait's `jep` module, run in the module's namespace when an
# interpreter first imports it. The native half provides: PyJObject, PyJMethod,
# PyJField, PyJArray, findClass, jarray, _set_import_config, and the type codes.
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
    """Makes `converter(obj)` produce the Python value of Java objects of `javaClass`."""
    name = javaClass if isinstance(javaClass, str) else getattr(javaClass, 'java_name', None)
    if name is None:
        raise TypeError('setJavaToPythonConverter needs a Java class, not %r' % (javaClass,))
    if not callable(converter):
        raise TypeError('the converter must be callable')
    _converters[name] = converter


forName = None  # replaced below by findClass once the native half is in place


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

    def __dir__(cls):
        names = set()
        for klass in cls.__mro__:
            names.update(k for k in klass.__dict__ if not k.startswith('_'))
        return sorted(names)


# --- protocol mixins, added to the Python types of these Java interfaces ---------
class _Iterable:
    __slots__ = ()

    def __iter__(self):
        return _iterate(self)


class _Iterator:
    __slots__ = ()

    def __iter__(self):
        return self

    def __next__(self):
        if self.hasNext():
            return self.next()
        raise StopIteration


class _Collection:
    __slots__ = ()

    def __len__(self):
        return self.size()

    def __contains__(self, item):
        # Java equality first; Python equality covers Integer elements vs int (a Long).
        return bool(self.contains(item)) or (_is_number(item) and any(x == item for x in self))

    def __bool__(self):
        return not self.isEmpty()


def _is_number(value):
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _index(seq, i):
    n = seq.size()
    if not isinstance(i, int):
        i = i.__index__()
    if i < 0:
        i += n
    if not 0 <= i < n:
        raise IndexError('Java list index out of range')
    return i


class _List:
    __slots__ = ()

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self.get(k) for k in range(*i.indices(self.size()))]
        return self.get(_index(self, i))

    def __setitem__(self, i, value):
        if isinstance(i, slice):
            start, stop, step = i.indices(self.size())
            values = list(value)
            if step == 1:
                for _ in range(max(0, stop - start)):
                    self.remove(start)
                for offset, v in enumerate(values):
                    self.add(start + offset, v)
                return
            targets = range(start, stop, step)
            if len(targets) != len(values):
                raise ValueError('attempt to assign sequence of size %d to extended slice of size %d'
                                 % (len(values), len(targets)))
            for k, v in zip(targets, values):
                self.set(k, v)
            return
        self.set(_index(self, i), value)

    def __delitem__(self, i):
        if isinstance(i, slice):
            for k in sorted(range(*i.indices(self.size())), reverse=True):
                self.remove(k)
            return
        self.remove(_index(self, i))

    def __add__(self, other):
        return list(self) + list(other)

    def __radd__(self, other):
        return list(other) + list(self)

    def __mul__(self, n):
        return list(self) * n

    __rmul__ = __mul__

    def __imul__(self, n):
        items = list(self)
        self.clear()
        for _ in range(max(0, n)):
            self.addAll(items)
        return self

    def __iadd__(self, other):
        for v in list(other):
            self.add(v)
        return self


class _Map:
    __slots__ = ()

    def __len__(self):
        return self.size()

    def _entry(self, key):
        # Python equality for numeric keys (an int key is a Long in Java).
        if _is_number(key):
            for entry in self.entrySet():
                if entry.getKey() == key:
                    return entry
        return None

    def __contains__(self, key):
        return bool(self.containsKey(key)) or self._entry(key) is not None

    def __getitem__(self, key):
        if self.containsKey(key):
            return self.get(key)
        entry = self._entry(key)
        if entry is None:
            raise KeyError(key)
        return entry.getValue()

    def __setitem__(self, key, value):
        self.put(key, value)

    def __delitem__(self, key):
        if not self.containsKey(key):
            raise KeyError(key)
        self.remove(key)

    def __iter__(self):
        return iter(self.keySet())

    def keys(self):
        return list(self.keySet())

    def items(self):
        return [(e.getKey(), e.getValue()) for e in self.entrySet()]

    def __bool__(self):
        return not self.isEmpty()


class _AutoCloseable:
    __slots__ = ()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False


class _Comparable:
    __slots__ = ()

    def __lt__(self, other):
        return self.compareTo(other) < 0

    def __le__(self, other):
        return self.compareTo(other) <= 0

    def __gt__(self, other):
        return self.compareTo(other) > 0

    def __ge__(self, other):
        return self.compareTo(other) >= 0


def _number_value(n):
    if isinstance(n, _Number):
        return n.__float__() if n._is_floating() else n.__int__()
    return n


class _Number:
    __slots__ = ()

    def _is_floating(self):
        return self.java_name in ('java.lang.Double', 'java.lang.Float', 'java.math.BigDecimal') or \
            float(self.doubleValue()) != self.longValue()

    def __int__(self):
        return int(str(self.toBigInteger())) if hasattr(self, 'toBigInteger') else self.longValue()

    __index__ = __int__

    def __float__(self):
        return self.doubleValue()

    def __bool__(self):
        return self.doubleValue() != 0


def _binary(op):
    def forward(self, other):
        return op(_number_value(self), _number_value(other))

    def backward(self, other):
        return op(_number_value(other), _number_value(self))
    return forward, backward


import _operator
for _name, _op in [('add', _operator.add), ('sub', _operator.sub), ('mul', _operator.mul),
                   ('truediv', _operator.truediv), ('floordiv', _operator.floordiv),
                   ('mod', _operator.mod), ('pow', pow)]:
    _f, _b = _binary(_op)
    setattr(_Number, '__%s__' % _name, _f)
    setattr(_Number, '__r%s__' % _name, _b)
for _name, _op in [('neg', _operator.neg), ('pos', _operator.pos), ('abs', abs)]:
    setattr(_Number, '__%s__' % _name, (lambda op: lambda self: op(_number_value(self)))(_op))
for _name, _op in [('lt', _operator.lt), ('le', _operator.le), ('gt', _operator.gt), ('ge', _operator.ge)]:
    setattr(_Number, '__%s__' % _name, (lambda op: lambda self, other: op(_number_value(self), _number_value(other)))(_op))
del _name, _op, _f, _b

_MIXINS = {
    'java.lang.Iterable': _Iterable,
    'java.util.Iterator': _Iterator,
    'java.util.Collection': _Collection,
    'java.util.List': _List,
    'java.util.Map': _Map,
    'java.lang.AutoCloseable': _AutoCloseable,
    'java.lang.Comparable': _Comparable,
    'java.lang.Number': _Number,
}


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


# --- Java exceptions as Python exceptions ---------------------------------------
_BUILTIN_EXCEPTIONS = {
    'java.lang.IndexOutOfBoundsException': IndexError,
    'java.lang.IllegalArgumentException': ValueError,
    'java.lang.ClassCastException': TypeError,
    'java.lang.ArithmeticException': ArithmeticError,
    'java.io.IOException': OSError,
    'java.lang.ClassNotFoundException': ImportError,
}


class _JavaException(Exception):
    """Base of the Python exceptions that mirror Java throwables."""

    def __init__(self, *args):
        if 'java_exception' not in self.__dict__:
            self.java_exception = type(self)._krait_object_type(*args)
        super().__init__(*args)

    def __getattr__(self, name):
        if name.startswith('__') or name == 'java_exception':
            raise AttributeError(name)
        return getattr(self.__dict__['java_exception'], name)


def _make_exception_class(java_name, super_class, object_type):
    """Creates the Python exception class of a Java throwable class."""
    package, _, simple = java_name.rpartition('.')
    bases = (super_class,) if super_class is not None else (_JavaException,)
    builtin = _BUILTIN_EXCEPTIONS.get(java_name)
    if builtin is not None:
        bases = bases + (builtin,)
    namespace = {'java_name': java_name, '__module__': package, '__qualname__': simple,
                 '_krait_object_type': object_type}
    return type(simple, bases, namespace)


def _wrap_throwable(exception_class, obj):
    """The Python exception for a Java throwable object."""
    exc = exception_class.__new__(exception_class)
    exc.java_exception = obj
    message = obj.getMessage()
    Exception.__init__(exc, *(() if message is None else (message,)))
    return exc


# --- the import hook ---------------------------------------------------------------
# Finders and loaders follow the import protocol by duck typing: importlib.abc
# would pull some 70 modules (typing, inspect, pathlib…) into every interpreter.
# ModuleSpec and ModuleType come from modules every interpreter already has:
# CPython 3.12 keeps ~2 KB per pure-Python module a sub-interpreter imports.
_ModuleSpec = type(_sys.__spec__)


class JavaPackage(type(_sys)):
    """A Java package imported as a Python module; its attributes are classes."""

    def __getattr__(self, name):
        if name.startswith('__'):
            raise AttributeError(name)
        full = self.__name__ + '.' + name
        importer = _importer()
        if importer is not None and importer.is_java_package(full):
            __import__(full)
            return _sys.modules[full]
        try:
            cls = findClass(full)
        except Exception:
            raise AttributeError("Java package %s has no class or package %r" % (self.__name__, name)) from None
        setattr(self, name, cls)
        return cls

    def __dir__(self):
        importer = _importer()
        names = set(self.__dict__)
        if importer is not None:
            names.update(n.rpartition('.')[2] for n in importer.class_names(self.__name__))
        return sorted(names)


class JepJavaImporter:
    """Imports Java packages as modules, after every Python finder had its turn."""

    def __init__(self, enquirer):
        self.enquirer = enquirer

    def is_java_package(self, name):
        return self.enquirer is not None and bool(self.enquirer.isJavaPackage(name))

    def class_names(self, package):
        names = self.enquirer.getClassNames(package) if self.enquirer is not None else None
        return list(names) if names is not None else []

    def find_spec(self, fullname, path=None, target=None):
        if self.is_java_package(fullname):
            return _ModuleSpec(fullname, self, is_package=True)
        return None

    def create_module(self, spec):
        return JavaPackage(spec.name)

    def exec_module(self, module):
        module.__path__ = []


def _importer():
    for finder in _sys.meta_path:
        if isinstance(finder, JepJavaImporter):
            return finder
    return None


def _install_importer(enquirer):
    """Puts the Java importer last on sys.meta_path (or updates its enquirer)."""
    existing = _importer()
    if existing is not None:
        existing.enquirer = enquirer
    else:
        _sys.meta_path.append(JepJavaImporter(enquirer))


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
        return _import_shared(spec.name)

    def exec_module(self, module):
        pass


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
