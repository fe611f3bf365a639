# Part of the `_jep` bootstrap (concatenated after bootstrap.py, see mod.rs): Java
# throwables as Python exceptions.

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
