# Run in every sub-interpreter on CPython 3.13+ (see importing_thread.rs): the
# thread that imports `threading` first stays a non-daemon thread, as it was on
# 3.10-3.12, where it became the sub-interpreter's main thread.
import sys as _sys


class _ImportingThreadIsNotDaemon:
    """Finds `threading` through the finders after it and, once the module ran,
    marks the importing thread non-daemon: the threads it starts inherit that."""

    def find_spec(self, name, path=None, target=None):
        if name != 'threading':
            return None
        for finder in _sys.meta_path:
            find = getattr(finder, 'find_spec', None)
            if finder is self or find is None:
                continue
            spec = find(name, path, target)
            if spec is None:
                continue
            loader = spec.loader
            # Only a loader made for this spec is changed (a class is shared).
            if loader is not None and not isinstance(loader, type):
                run = loader.exec_module

                def exec_module(module):
                    run(module)
                    module.current_thread()._daemonic = False

                loader.exec_module = exec_module
            return spec
        return None


_sys.meta_path.insert(0, _ImportingThreadIsNotDaemon())
