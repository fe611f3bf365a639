"""Junk arguments into every callable of the jep module and every method and slot
of krait's Python types (and of Java wrappers): each call may raise any Python
exception, but never crash or hang the JVM. Also instantiating krait's own types
directly must raise TypeError."""
import itertools
import operator

import jep
from java.lang import Integer, Object, String, Void
from java.util import ArrayList, HashMap

JUNK = [None, 0, -1, 2**70, -2**70, 1.5, float('nan'), '', 'x' * 1000, '\udc80', b'\x00',
        [], [1, [2]], (), {}, {1: 2}, set(), object(), object, type, Integer.TYPE, Void.TYPE,
        Integer, String, ArrayList(), jep.jarray(2, Integer.TYPE), HashMap(), Integer(5),
        lambda: None, Ellipsis, NotImplemented, slice(None), memoryview(b'ab'), 1j]

calls = 0
failures = []


def attempt(fn, *args, **kwargs):
    global calls
    calls += 1
    try:
        fn(*args, **kwargs)
    except BaseException as e:  # any Python exception is fine; SystemExit etc. are not
        if isinstance(e, (SystemExit, KeyboardInterrupt)):
            failures.append('%r%r raised %r' % (fn, args, e))


# 1. krait's own types refuse direct instantiation.
for name in ('PyJObject', 'PyJMethod', 'PyJField', 'PyJArray', 'PyJIterator'):
    tp = getattr(jep, name, None)
    if tp is None:
        continue
    for args in [(), (None,), (1, 2), ('x',)]:
        try:
            tp(*args)
        except TypeError:
            pass
        else:
            failures.append('%s%r was instantiated' % (name, args))

# 2. every public callable of the jep module, with 0..3 junk arguments.
functions = [getattr(jep, n) for n in dir(jep) if callable(getattr(jep, n)) and not n.startswith('__')]
for fn in functions:
    if fn in (jep.PyJObject,) or isinstance(fn, type) and issubclass(fn, BaseException):
        continue
    attempt(fn)
    for a in JUNK:
        attempt(fn, a)
    for a, b in itertools.product(JUNK[:14], repeat=2):
        attempt(fn, a, b)
    for a in JUNK[:12]:
        attempt(fn, a, a, a)

# 3. the slots and methods of Java wrappers and arrays, with junk.
targets = [ArrayList(), HashMap(), Integer(7), String('abc'), jep.jarray(3, Integer.TYPE),
           jep.jarray(2, Object), Object(), ArrayList, Integer.parseInt, ArrayList().add]
ops = [operator.getitem, operator.setitem, operator.delitem, operator.contains, operator.add,
       operator.mul, operator.lt, operator.eq, len, hash, repr, str, iter, bool, memoryview,
       bytes, list, dir]
for target in targets:
    for op in ops:
        attempt(op, target)
        for a in JUNK:
            attempt(op, target, a)
            attempt(op, target, a, a)
    for a in JUNK:
        attempt(target, a)
        attempt(getattr, target, 'x' if not isinstance(a, str) else a)
        attempt(setattr, target, 'java_name', a)
        attempt(setattr, target, 'MAX_VALUE', a)

# 4. descriptors of krait's types used on the wrong objects.
for descr in [ArrayList.__dict__.get('add'), Integer.__dict__.get('MAX_VALUE'),
              Integer.__dict__.get('intValue')]:
    if descr is None:
        continue
    for a in JUNK:
        for m in ('__get__', '__set__', '__call__'):
            if hasattr(descr, m):
                attempt(getattr(descr, m), a)
                attempt(getattr(descr, m), a, a)

assert not failures, failures
print('ok: %d calls' % calls)
