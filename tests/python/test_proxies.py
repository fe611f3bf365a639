"""Java proxies of Python objects made from Python with ``jep.jproxy`` (issue 4, item 3):
Java code uses them through their interfaces, default methods the object lacks run Java's
default, foreign Java threads get a clean JepException, and a proxy that comes back to Python
is the original Python object."""

import unittest

import jep
from java.lang import Runnable, Thread
from java.util import ArrayList, Collections, Comparator

from krait.fixtures import Functional, Greeter, Counter


class RunAndCompare:
    """Implements both Runnable and Comparator[str] (by length, then alphabetically)."""

    def __init__(self):
        self.runs = 0
        self.comparisons = 0

    def run(self):
        self.runs += 1

    def compare(self, a, b):
        self.comparisons += 1
        a, b = str(a), str(b)
        return (len(a) - len(b)) or ((a > b) - (a < b))


class Polite:
    def __init__(self):
        self.names = []

    def greet(self, name):
        self.names.append(name)
        return 'hello ' + name

    def __str__(self):
        return 'Polite(%d)' % len(self.names)


class Quiet(Polite):
    def punctuation(self):
        return '?'


def java_list(*items):
    lst = ArrayList()
    for item in items:
        lst.add(item)
    return lst


class JproxyTest(unittest.TestCase):

    def test_runnable_and_comparator_used_by_java(self):
        obj = RunAndCompare()
        proxy = jep.jproxy(obj, ['java.lang.Runnable', 'java.util.Comparator'])
        lst = java_list('pear', 'fig', 'banana', 'kiwi')
        Collections.sort(lst, proxy)
        self.assertEqual(list(lst), ['fig', 'kiwi', 'pear', 'banana'])
        self.assertGreater(obj.comparisons, 0)
        # Java's Thread runs it on this thread when run() is called directly.
        Thread(proxy).run()
        Thread(proxy).run()
        self.assertEqual(obj.runs, 2)
        self.assertEqual(Functional.run(proxy, 3), 3)
        self.assertEqual(obj.runs, 5)

    def test_the_proxy_is_a_java_object_implementing_the_interfaces(self):
        proxy = jep.jproxy(RunAndCompare(), ['java.lang.Runnable', 'java.util.Comparator'])
        self.assertTrue(Functional.isProxyOf(proxy, 'java.lang.Runnable'))
        self.assertTrue(Functional.isProxyOf(proxy, 'java.util.Comparator'))
        self.assertFalse(Functional.isProxyOf(proxy, 'java.util.function.Supplier'))
        self.assertTrue(isinstance(proxy, Runnable))
        self.assertTrue(isinstance(proxy, Comparator))
        # Its methods can be called from Python like any Java object's.
        self.assertLess(proxy.compare('a', 'bb'), 0)
        self.assertEqual(proxy.compare('bb', 'bb'), 0)

    def test_interfaces_given_as_java_classes(self):
        obj = RunAndCompare()
        proxy = jep.jproxy(obj, [Runnable, Comparator])
        Thread(proxy).run()
        self.assertEqual(obj.runs, 1)
        self.assertEqual(list(Functional.sorted(java_list('bb', 'a'), proxy)), ['a', 'bb'])

    def test_default_methods_missing_in_python_run_javas_default(self):
        proxy = jep.jproxy(RunAndCompare(), ['java.util.Comparator'])
        # Comparator.reversed() is a Java default method the Python object does not define.
        self.assertEqual(list(Functional.sortedReversed(java_list('a', 'ccc', 'bb'), proxy)), ['ccc', 'bb', 'a'])
        lst = java_list('a', 'ccc', 'bb')
        Collections.sort(lst, proxy.reversed())
        self.assertEqual(list(lst), ['ccc', 'bb', 'a'])

        polite = Polite()
        greeter = jep.jproxy(polite, ['krait.fixtures.Greeter'])
        self.assertEqual(greeter.shout('bob'), 'HELLO BOB!')
        self.assertEqual(Functional.shout(greeter, 'ann'), 'HELLO ANN!')
        self.assertEqual(greeter.greetAll(java_list('x', 'y')), 'hello x, hello y')
        self.assertEqual(polite.names, ['bob', 'ann', 'x', 'y'])

    def test_python_methods_override_default_methods(self):
        greeter = jep.jproxy(Quiet(), ['krait.fixtures.Greeter'])
        self.assertEqual(greeter.punctuation(), '?')
        self.assertEqual(Functional.shout(greeter, 'bob'), 'HELLO BOB?')

    def test_several_interfaces_of_our_own_with_primitive_types(self):
        class Both(Polite):
            def __init__(self):
                Polite.__init__(self)
                self.n = 0

            def count(self):
                return self.n

            def add(self, k):
                self.n += k
                return self.n

        both = Both()
        proxy = jep.jproxy(both, [Greeter, Counter])
        self.assertEqual(proxy.add(4), 4)
        self.assertEqual(proxy.countTwice(), 8)
        self.assertEqual(proxy.greet('z'), 'hello z')
        self.assertEqual(both.n, 4)

    def test_exceptions_in_python_methods_come_back_as_exceptions(self):
        class Failing:
            def compare(self, a, b):
                raise ValueError('cannot compare %s' % a)

        proxy = jep.jproxy(Failing(), ['java.util.Comparator'])
        with self.assertRaises(Exception) as caught:
            Collections.sort(java_list('b', 'a'), proxy)
        self.assertIn('cannot compare', str(caught.exception))
        # A method the object lacks (and that has no default) fails cleanly.
        counter = jep.jproxy(Polite(), ['krait.fixtures.Counter'])
        with self.assertRaises(Exception) as missing:
            counter.count()
        self.assertIn('count', str(missing.exception))

    def test_a_proxy_comes_back_to_python_as_the_same_object(self):
        obj = RunAndCompare()
        proxy = jep.jproxy(obj, ['java.lang.Runnable'])
        self.assertIs(Functional.same(proxy), obj)
        lst = java_list(proxy)
        self.assertIs(lst.get(0), obj)
        self.assertIs(Functional.sameGreeter(jep.jproxy(Polite(), [Greeter])).__class__, Polite)
        polite = Polite()
        self.assertIs(Functional.sameGreeter(jep.jproxy(polite, [Greeter])), polite)

    def test_a_proxy_called_from_a_foreign_java_thread_fails_cleanly(self):
        obj = RunAndCompare()
        proxy = jep.jproxy(obj, ['java.lang.Runnable'])
        outcome = Functional.runOnAnotherThread(proxy)
        # A JepException subclass naming the fault: the wrong thread.
        self.assertTrue(outcome.startswith('krait.WrongThreadException: '), outcome)
        self.assertIn('Invalid thread access', outcome)
        self.assertEqual(obj.runs, 0)
        greeter = jep.jproxy(Polite(), ['krait.fixtures.Greeter'])
        outcome = Functional.greetOnAnotherThread(greeter, 'x')
        self.assertIn('Invalid thread access', outcome)
        # The proxy still works on this thread afterwards.
        Thread(proxy).run()
        self.assertEqual(obj.runs, 1)

    def test_str_of_a_proxy_is_the_python_str(self):
        polite = Polite()
        greeter = jep.jproxy(polite, [Greeter])
        polite.greet('a')
        self.assertEqual(greeter.toString(), 'Polite(1)')

    def test_bad_arguments_raise(self):
        with self.assertRaises(Exception):
            jep.jproxy(RunAndCompare(), ['java.lang.String'])
        with self.assertRaises(Exception):
            jep.jproxy(RunAndCompare(), ['no.such.Interface'])
        with self.assertRaises(Exception):
            jep.jproxy(RunAndCompare())
        with self.assertRaises(Exception):
            jep.jproxy(RunAndCompare(), 42)

    def test_collected_proxies_release_the_python_object(self):
        import gc
        import sys
        import time
        from java.lang import System

        obj = RunAndCompare()
        before = sys.getrefcount(obj)
        for _ in range(500):
            Thread(jep.jproxy(obj, [Runnable])).run()
        self.assertEqual(obj.runs, 500)
        deadline = time.monotonic() + 10
        while sys.getrefcount(obj) > before and time.monotonic() < deadline:
            System.gc()
            time.sleep(0.05)
            Functional.run(lambda: None, 1)  # entering Python from Java releases what Java let go
            gc.collect()
        self.assertEqual(sys.getrefcount(obj), before)


if __name__ == "__main__":
    unittest.main()
