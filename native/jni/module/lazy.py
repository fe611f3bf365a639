# The end of the `_jep` bootstrap's start (see mod.rs): the rest of the module's
# Python half (bootstrap.py, protocols.py, exceptions.py: the classes of Java
# classes and throwables, converters, streams, shared modules) runs on first use
# of a name the module lacks, so a new interpreter that uses no Java class skips
# it. `_load_rest` (native) runs it in this namespace.

_numpy_getattr = __getattr__
_rest_loaded = False


def _load_rest_once():
    """Runs the rest of the bootstrap unless it ran; True when it runs now."""
    global _rest_loaded
    if _rest_loaded:
        return False
    _rest_loaded = True
    try:
        _load_rest()
    except BaseException:
        _rest_loaded = False
        raise
    # The `jep` package re-exports this module's names: give it the new ones.
    package = _sys.modules.get('jep')
    if package is not None and vars(package).get('_jep') is _sys.modules.get('_jep'):
        namespace = vars(package)
        for name, value in list(globals().items()):
            if not (name.startswith('__') and name.endswith('__')):
                namespace.setdefault(name, value)
    return True


def __getattr__(name):
    if (name == '__all__' or not (name.startswith('__') and name.endswith('__'))) \
            and _load_rest_once() and name in globals():
        return globals()[name]
    return _numpy_getattr(name)


def __dir__():
    _load_rest_once()
    return sorted(globals())
