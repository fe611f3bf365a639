# The Python side of krait's JSR-223 engine (krait.script.ScriptThread runs this file in the
# engine's interpreter, fetches the list __krait_script_helpers() returns, and deletes the
# name; krait.script.Helpers names the list's indexes).
#
# A script run with bindings other than the engine's own runs in a fresh namespace holding
# them, and the names it leaves there go back into the bindings. While a script runs, its
# ScriptContext's writer, error writer and reader are sys.stdout, sys.stderr and sys.stdin
# for the engine's thread: the shared sys keeps one dispatching stream per name, which
# sends each thread's text to the Java stream its current script set, and everything else
# to the stream that was there before.


def __krait_script_helpers():
    import ast
    import builtins
    import io
    import sys
    from _thread import get_ident

    namespace = globals()

    class JavaStream:
        """What a text stream over a Java stream says of itself: UTF-8 text, no file."""

        encoding = "utf-8"
        errors = "strict"
        closed = False

        def writable(self):
            return False

        def readable(self):
            return False

        def isatty(self):
            return False

        def fileno(self):
            raise io.UnsupportedOperation("a Java stream has no file descriptor")

    class JavaWriter(JavaStream):
        """A text stream writing to a java.io.Writer."""

        def __init__(self, writer):
            self._writer = writer

        def write(self, text):
            if not isinstance(text, str):
                raise TypeError("write() argument must be str, not " + type(text).__name__)
            if text:
                self._writer.write(text)
            return len(text)

        def flush(self):
            self._writer.flush()

        def writable(self):
            return True

    class JavaReader(JavaStream):
        """A text stream reading from a java.io.Reader, one UTF-16 unit at a time."""

        def __init__(self, reader):
            self._reader = reader

        def _units(self, stop_at_newline, limit):
            units = []
            while limit < 0 or len(units) < limit:
                unit = self._reader.read()
                if unit < 0:
                    break
                units.append(unit)
                if stop_at_newline and unit == 0x0A:
                    break
            # Surrogate pairs split into two units join again here.
            text = "".join(map(chr, units))
            return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "surrogatepass")

        def read(self, size=-1):
            return self._units(False, -1 if size is None else size)

        def readline(self, size=-1):
            return self._units(True, -1 if size is None else size)

        def readlines(self, hint=-1):
            return list(iter(self.readline, ""))

        def __iter__(self):
            return iter(self.readline, "")

        def readable(self):
            return True

    class Dispatch:
        """sys.stdout, sys.stderr or sys.stdin: the current script's stream on its thread."""

        def __init__(self, before):
            self._krait_before = before
            self._krait_streams = {}

        def _krait_current(self):
            stream = self._krait_streams.get(get_ident())
            return stream if stream is not None else self._krait_before

        def __getattr__(self, name):
            return getattr(self._krait_current(), name)

        def __iter__(self):
            return iter(self._krait_current())

    def dispatch(name):
        current = getattr(sys, name)
        if not isinstance(getattr(current, "_krait_streams", None), dict):
            current = Dispatch(current)
            setattr(sys, name, current)
        return current

    def foreign(scopes):
        ns = {'__builtins__': builtins, '__name__': '__main__'}
        for scope in scopes:
            for key in scope.keySet():
                ns[str(key)] = scope.get(key)
        return ns

    def compile_script(source, filename):
        tree = ast.parse(source, filename, 'exec')
        tail = None
        if tree.body and isinstance(tree.body[-1], ast.Expr):
            tail = compile(ast.Expression(tree.body.pop().value), filename, 'eval')
        body = compile(tree, filename, 'exec')

        def run(fallbacks, bindings, writer, error_writer, reader):
            if bindings is None:
                for key in fallbacks.keySet():
                    namespace.setdefault(str(key), fallbacks.get(key))
                ns = namespace
            else:
                ns = foreign([fallbacks, bindings])
            thread = get_ident()
            redirected = []
            for name, stream, kind in (("stdout", writer, JavaWriter), ("stderr", error_writer, JavaWriter),
                                       ("stdin", reader, JavaReader)):
                if stream is not None:
                    streams = dispatch(name)._krait_streams
                    redirected.append((streams, streams.get(thread)))
                    streams[thread] = kind(stream)
            try:
                exec(body, ns)
                return None if tail is None else eval(tail, ns)
            finally:
                for streams, before in redirected:
                    stream = streams.pop(thread)
                    if before is not None:
                        streams[thread] = before
                    if isinstance(stream, JavaWriter):
                        stream.flush()
                if bindings is not None:
                    for key, value in ns.items():
                        if not key.startswith('__'):
                            bindings.put(key, value)
        return run

    def names():
        return [k for k in namespace if not k.startswith('__')]

    def contains(name):
        return name in namespace

    def get(name):
        return namespace.get(name)

    def remove(name):
        return namespace.pop(name, None)

    def lookup(name):
        return namespace[name] if name in namespace else getattr(builtins, name, None)

    def function(name):
        value = lookup(name)
        return value if callable(value) else None

    def method(obj, name):
        value = getattr(obj, name, None)
        return value if callable(value) else None

    def has_methods(obj, names):
        for name in names:
            value = getattr(obj, name, None) if obj is not None else lookup(name)
            if not callable(value):
                return False
        return True

    class Globals:
        def __getattr__(self, name):
            value = lookup(name)
            if value is None:
                raise AttributeError(name)
            return value

    return [compile_script, names, contains, get, remove, function, method,
            has_methods, Globals()]
