# The start of the `_jep` bootstrap (see mod.rs), run when an interpreter first
# imports `_jep`: the Java import hook, Java packages as Python modules.

import sys as _sys

# --- the import hook ---------------------------------------------------------------
# Finders and loaders follow the import protocol by duck typing: importlib.abc
# would pull some 70 modules (typing, inspect, pathlib…) into every interpreter.
# ModuleSpec and ModuleType come from modules every interpreter already has:
# CPython 3.12 keeps ~2 KB per pure-Python module a sub-interpreter imports.
_ModuleSpec = type(_sys.__spec__)


class JavaPackage(type(_sys)):
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

    # Until first use, an importer installed by krait holds _PENDING: the Java
    # enquirer is converted (its Python class built) only when imports need it.
    _enquirer = None

    @property
    def enquirer(self):
        """The ClassEnquirer that says which names are Java packages (or None)."""
        enquirer = self._enquirer
        if enquirer is _PENDING:
            enquirer = self._enquirer = _take_enquirer()
        return enquirer

    @enquirer.setter
    def enquirer(self, value):
        self._enquirer = value

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
        return _ModuleSpec(fullname, self, is_package=True)

    def create_module(self, spec):
        return JavaPackage(spec.name)

    def exec_module(self, module):
        module.__path__ = []


# Marks an enquirer not yet converted from Java (see JepJavaImporter.enquirer).
_PENDING = object()

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
