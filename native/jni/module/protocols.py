# Part of the `_jep` bootstrap (concatenated after bootstrap.py, see mod.rs): the
# Python protocols of Java collections, numbers and closeables.

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
        # Python's list * n checks n (an index-sized int) and the memory needed
        # before the Java list changes: `al * 2**70` raises, never loops.
        repeated = list(self) * n
        self.clear()
        if repeated:
            self.addAll(repeated)
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

    def __eq__(self, other):
        if isinstance(other, (int, float, _Number)):
            return _number_value(self) == _number_value(other)
        return NotImplemented

    def __ne__(self, other):
        if isinstance(other, (int, float, _Number)):
            return _number_value(self) != _number_value(other)
        return NotImplemented

    def __hash__(self):
        return hash(_number_value(self))

    def __pow__(self, other, modulo=None):
        return pow(_number_value(self), _number_value(other), _number_value(modulo))

    def __rpow__(self, other, modulo=None):
        return pow(_number_value(other), _number_value(self), _number_value(modulo))


def _binary(op):
    def forward(self, other):
        return op(_number_value(self), _number_value(other))

    def backward(self, other):
        return op(_number_value(other), _number_value(self))
    return forward, backward


# Operators as lambdas: importing `_operator` would cost every sub-interpreter
# its module (and, on CPython 3.12, its interned names for good).
for _name, _op in [('add', lambda a, b: a + b), ('sub', lambda a, b: a - b),
                   ('mul', lambda a, b: a * b), ('truediv', lambda a, b: a / b),
                   ('floordiv', lambda a, b: a // b), ('mod', lambda a, b: a % b),
                   ('divmod', divmod)]:
    _f, _b = _binary(_op)
    setattr(_Number, '__%s__' % _name, _f)
    setattr(_Number, '__r%s__' % _name, _b)
for _name, _op in [('neg', lambda a: -a), ('pos', lambda a: +a), ('abs', abs)]:
    setattr(_Number, '__%s__' % _name, (lambda op: lambda self: op(_number_value(self)))(_op))
for _name, _op in [('lt', lambda a, b: a < b), ('le', lambda a, b: a <= b),
                   ('gt', lambda a, b: a > b), ('ge', lambda a, b: a >= b)]:
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
