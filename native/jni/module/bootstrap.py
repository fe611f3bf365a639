# The Python half of krait's native `_jep` module (re-exported by the `jep`
# package, see package.py), run in the module's namespace when an interpreter
# first imports it. The native half provides: PyJObject, PyJMethod, PyJField,
# PyJArray, findClass, jarray, jproxy, _monitor, _iterate, _import_shared.
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

    @property
    def __pytype__(cls):
        """The Python type of this Java class's objects (Jep's name for it): the class itself."""
        return cls

    def __getattr__(cls, name):
        # Member classes (Thread.State, Map.Entry), also inherited ones, load on first use.
        if name.startswith('_'):
            raise AttributeError(name)
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

    def _copy(self):
        """A new Java list of this list's class (an ArrayList if that class has no
        public no-argument constructor) holding this list's elements."""
        try:
            copy = type(self)()
        except Exception:
            copy = findClass('java.util.ArrayList')()
        copy.addAll(self)
        return copy

    def __add__(self, other):
        copy = self._copy()
        copy += other
        return copy

    def __radd__(self, other):
        return list(other) + list(self)

    def __mul__(self, n):
        copy = self._copy()
        copy *= n
        return copy

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


import operator as _operator
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
    'java.lang.OutOfMemoryError': MemoryError,
    'java.lang.AssertionError': AssertionError,
}


class _JavaException(RuntimeError):
    """Base of the Python exceptions that mirror Java throwables: a RuntimeError, as
    in Jep for Java exceptions that map to no other built-in."""

    def __init__(self, *args):
        if 'java_exception' not in self.__dict__:
            self.java_exception = type(self)._krait_object_type(*args)
        super().__init__(*args)

    def __getattr__(self, name):
        if name.startswith('__') or name == 'java_exception':
            raise AttributeError(name)
        return getattr(self.__dict__['java_exception'], name)


class _JavaExceptionType(type):
    """Metaclass of the Python exceptions of Java throwables. `str()` of such a class
    is Jep's name for it, the built-in Python exception it raises as (so a
    `JepException` reads `<class 'ImportError'>: java.lang.ClassNotFoundException: …`
    as in Jep); `repr()` names the Java class."""

    def __str__(cls):
        for klass in cls.__mro__:
            builtin = _BUILTIN_EXCEPTIONS.get(klass.__dict__.get('java_name'))
            if builtin is not None:
                return "<class '%s'>" % builtin.__name__
        return "<class 'RuntimeError'>"

    def __repr__(cls):
        return "<class '%s'>" % cls.java_name


def _builtin_new(builtin):
    def __new__(cls, *args, **kwargs):
        return builtin.__new__(cls, *args)
    return staticmethod(__new__)


def _make_exception_class(java_name, super_class, object_type):
    """Creates the Python exception class of a Java throwable class."""
    package, _, simple = java_name.rpartition('.')
    bases = (super_class,) if super_class is not None else (_JavaException,)
    namespace = {'java_name': java_name, '__module__': package, '__qualname__': simple,
                 '_krait_object_type': object_type}
    builtin = _BUILTIN_EXCEPTIONS.get(java_name)
    if builtin is not None:
        bases = bases + (builtin,)
        # RuntimeError precedes the built-in in the MRO; OSError needs its own __new__.
        namespace['__new__'] = _builtin_new(builtin)
    return _JavaExceptionType(simple, bases, namespace)


def _wrap_throwable(exception_class, obj):
    """The Python exception for a Java throwable object."""
    exc = exception_class.__new__(exception_class)
    exc.java_exception = obj
    # As in Jep, the text is Java's toString(): the class name, then the message.
    text = obj.toString()
    BaseException.__init__(exc, exception_class.java_name if text is None else text)
    return exc


# --- the import hook ---------------------------------------------------------------
# Finders and loaders follow the import protocol by duck typing: importlib.abc
# would pull some 70 modules (typing, inspect, pathlib…) into every interpreter.
import importlib.machinery as _machinery
import types as _types


class JavaPackage(_types.ModuleType):
    """A Java package imported as a Python module; its attributes are its classes
    and subpackages (loaded on first use)."""

    def __getattr__(self, name):
        if name.startswith('__'):
            raise AttributeError(name)
        full = self.__name__ + '.' + name
        importer = _importer()
        if importer is not None and importer.is_sub_package(self.__name__, name):
            __import__(full)
            return _sys.modules[full]
        # As in Jep, a missing class raises the ImportError of Java's
        # ClassNotFoundException (its cause when it reaches Java).
        cls = findClass(full)
        setattr(self, name, cls)
        return cls

    def __dir__(self):
        importer = _importer()
        names = set(self.__dict__)
        if importer is not None:
            names.update(importer.sub_packages(self.__name__))
            names.update(n.rpartition('.')[2] for n in importer.class_names(self.__name__))
        return sorted(names)


def _strings(values):
    return [str(v) for v in values] if values is not None else []


class JepJavaImporter:
    """Imports Java packages as modules: `classEnquirer` (default: `jep.ClassList`)
    says which names are Java packages; classes load through the interpreter's
    class loader. Installed first on `sys.meta_path`, as in Jep: what a configured
    enquirer calls a Java package imports from Java. With the default ClassList,
    which knows every package of the class path, a Python module or package of the
    same top-level name wins."""

    def __init__(self, classLoader=None, classEnquirer=None):
        self.classLoader = classLoader
        if classEnquirer is None:
            classEnquirer = findClass('jep.ClassList').getInstance()
        self.enquirer = classEnquirer

    def _is_class_list(self):
        return getattr(type(self.enquirer), 'java_name', None) in _CLASS_PATH_ENQUIRERS

    def is_java_package(self, name):
        return self.enquirer is not None and bool(self.enquirer.isJavaPackage(name))

    def class_names(self, package):
        return _strings(self.enquirer.getClassNames(package)) if self.enquirer is not None else []

    def sub_packages(self, package):
        return _strings(self.enquirer.getSubPackages(package)) if self.enquirer is not None else []

    def is_sub_package(self, package, name):
        """Whether `name` is a sub-package of `package`: as the enquirer lists them, or
        (if it lists none) as it answers for the full name."""
        if self.enquirer is None:
            return False
        listed = self.enquirer.getSubPackages(package)
        if listed is not None:
            return name in _strings(listed)
        return self.is_java_package(package + '.' + name)

    def _python_has(self, fullname, path):
        for finder in _sys.meta_path:
            if finder is self or not hasattr(finder, 'find_spec'):
                continue
            if finder.find_spec(fullname, path) is not None:
                return True
        return False

    def find_spec(self, fullname, path=None, target=None):
        if not self.is_java_package(fullname):
            return None
        parent = _sys.modules.get(fullname.rpartition('.')[0])
        if self._is_class_list() and not isinstance(parent, JavaPackage) \
                and self._python_has(fullname, path):
            return None
        return _machinery.ModuleSpec(fullname, self, is_package=True)

    def create_module(self, spec):
        return JavaPackage(spec.name)

    def exec_module(self, module):
        module.__path__ = []


# The enquirers that know every package of the class path (a Python module wins over them).
_CLASS_PATH_ENQUIRERS = ('jep.ClassList', 'jep.ClassEnquirers$DefaultClassEnquirer')


def _importer():
    for finder in _sys.meta_path:
        if isinstance(finder, JepJavaImporter):
            return finder
    return None


def _install_importer(enquirer):
    """Puts the Java importer first on sys.meta_path (or updates its enquirer);
    a None enquirer leaves Java packages unimportable."""
    existing = _importer()
    if existing is not None:
        existing.enquirer = enquirer
    else:
        importer = JepJavaImporter.__new__(JepJavaImporter)
        importer.classLoader = None
        importer.enquirer = enquirer
        _sys.meta_path.insert(0, importer)


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
            return _machinery.ModuleSpec(fullname, self)
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
