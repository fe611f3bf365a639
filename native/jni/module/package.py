# The Python source of krait's `jep` package, run in the package's namespace when an
# interpreter first imports `jep`. The package re-exports the native `_jep` module
# (Jep's layout: `jep` is a package over `_jep`) and serves its submodules (`jep.jdbc`)
# from sources embedded in libkrait; the native half puts them in `_krait_sources`.

import sys as _sys
import _jep

globals().update({name: value for name, value in vars(_jep).items()
                  if not (name.startswith('__') and name.endswith('__'))})
__path__ = []


def __getattr__(name):
    # The embedded submodules are attributes once imported, or on first use
    # (Jep imports `jep.shared_modules_hook` itself); other names are those
    # `_jep` decides on first use (JEP_NUMPY_ENABLED).
    full = __name__ + '.' + name
    if full in _submodule_names:
        __import__(full)
        return _sys.modules[full]
    return getattr(_jep, name)


def __dir__():
    dir(_jep)  # runs the rest of _jep's bootstrap, which adds its names here
    return sorted(globals())


class _SubmoduleFinder:
    """Finds and runs the embedded submodules of the `jep` package."""

    _krait_jep_submodules = True

    def __init__(self, sources):
        self.sources = sources

    def find_spec(self, fullname, path=None, target=None):
        if fullname in self.sources:
            return type(_sys.__spec__)(fullname, self, origin='<krait %s>' % fullname)
        return None

    def create_module(self, spec):
        return None

    def exec_module(self, module):
        name = module.__spec__.name
        code = compile(self.sources[name], '<krait %s>' % name, 'exec')
        exec(code, module.__dict__)


if not any(getattr(f, '_krait_jep_submodules', False) for f in _sys.meta_path):
    # First, so that no Java package named like a submodule hides it.
    _sys.meta_path.insert(0, _SubmoduleFinder(_krait_sources))
_submodule_names = frozenset(_krait_sources)
del _krait_sources
