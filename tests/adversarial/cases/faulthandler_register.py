"""faulthandler.register refuses the signals the JVM uses itself; enable,
dump_traceback and disable keep working."""
import faulthandler
import io
import signal
import tempfile

for signum in (signal.SIGSEGV, signal.SIGBUS, signal.SIGFPE, signal.SIGILL):
    try:
        faulthandler.register(signum)
    except ValueError as err:
        assert "used by the host" in str(err), err
    else:
        raise AssertionError(f"register({signum}) was accepted")
try:
    faulthandler.register(signum=signal.SIGSEGV)
except ValueError:
    pass
else:
    raise AssertionError("register(signum=SIGSEGV) was accepted")

faulthandler.enable()
assert faulthandler.is_enabled()
with tempfile.TemporaryFile() as out:
    faulthandler.dump_traceback(out)
    out.seek(0)
    assert b"faulthandler_register.py" in out.read()
faulthandler.disable()
assert not faulthandler.is_enabled()
print("ok")
