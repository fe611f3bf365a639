"""Python protocols of Java objects: iteration, collections, lists, maps, with-blocks,
ordering, numbers, equality and hashing, str, synchronized() and callable functional
interfaces (issue item 2)."""

import unittest

import java.lang
from java.io import StringReader
from java.time import LocalDate
from java.util import ArrayList, HashMap
from java.util.concurrent.atomic import AtomicInteger
from java.util.function import Function

from krait.fixtures import Callbacks, Dog, Monitors, Point, Values


class IterationTest(unittest.TestCase):

    def test_for_over_a_list(self):
        self.assertEqual([x for x in Values.list()], ["a", "b", "c"])

    def test_for_over_a_plain_iterable_and_a_set(self):
        self.assertEqual(list(Values.iterable()), [1, 2, 3])
        self.assertEqual(list(Values.set()), ["x", "y"])

    def test_an_iterator_is_a_python_iterator(self):
        it = Values.iterator()
        self.assertIs(iter(it), it)
        self.assertEqual(next(it), "p")
        self.assertEqual(list(it), ["q", "r"])
        with self.assertRaises(StopIteration):
            next(it)

    def test_builtins_that_iterate(self):
        self.assertEqual(sum(Values.intList(5)), 10)
        self.assertEqual(sorted(Values.intList(4), reverse=True), [3, 2, 1, 0])
        self.assertEqual(list(Values.list().iterator()), ["a", "b", "c"])
        self.assertEqual(dict(enumerate(Values.list()))[2], "c")


class CollectionTest(unittest.TestCase):

    def test_len(self):
        self.assertEqual(len(Values.list()), 3)
        self.assertEqual(len(Values.set()), 2)
        self.assertEqual(len(ArrayList()), 0)

    def test_truth_follows_len(self):
        self.assertFalse(ArrayList())
        self.assertTrue(Values.list())

    def test_in(self):
        self.assertIn("a", Values.list())
        self.assertNotIn("z", Values.list())
        self.assertIn("x", Values.set())
        self.assertIn(3, Values.intList(5))


class ListTest(unittest.TestCase):

    def setUp(self):
        self.l = Values.list()

    def test_index_and_negative_index(self):
        self.assertEqual(self.l[0], "a")
        self.assertEqual(self.l[-1], "c")
        self.assertEqual(self.l[-3], "a")
        with self.assertRaises(IndexError):
            self.l[3]
        with self.assertRaises(IndexError):
            self.l[-4]

    def test_set_item(self):
        self.l[1] = "B"
        self.l[-1] = "C"
        self.assertEqual(list(self.l), ["a", "B", "C"])
        with self.assertRaises(IndexError):
            self.l[3] = "x"

    def test_get_slice(self):
        self.assertEqual(list(self.l[0:2]), ["a", "b"])
        self.assertEqual(list(self.l[1:]), ["b", "c"])
        self.assertEqual(list(self.l[:-1]), ["a", "b"])
        self.assertEqual(list(self.l[5:]), [])

    def test_set_slice(self):
        self.l[0:2] = ["x", "y"]
        self.assertEqual(list(self.l), ["x", "y", "c"])
        self.l[0:1] = ["p", "q"]
        self.assertEqual(list(self.l), ["p", "q", "y", "c"])
        self.assertEqual(Values.size(self.l), 4)

    def test_del_item_and_slice(self):
        del self.l[0]
        self.assertEqual(list(self.l), ["b", "c"])
        del self.l[-1]
        self.assertEqual(list(self.l), ["b"])
        big = Values.intList(5)
        del big[1:3]
        self.assertEqual(list(big), [0, 3, 4])

    def test_concatenation_makes_a_new_list(self):
        joined = self.l + ["d"]
        self.assertEqual(list(joined), ["a", "b", "c", "d"])
        self.assertEqual(len(self.l), 3)

    def test_in_place_concatenation_changes_the_java_list(self):
        alias = self.l
        self.l += ["d"]
        self.assertEqual(alias.size(), 4)
        self.assertEqual(Values.size(alias), 4)

    def test_repetition(self):
        self.assertEqual(list(self.l * 2), ["a", "b", "c", "a", "b", "c"])
        self.assertEqual(len(self.l), 3)
        alias = self.l
        self.l *= 2
        self.assertEqual(alias.size(), 6)

    def test_an_unmodifiable_list_refuses_changes(self):
        with self.assertRaises(Exception):
            Values.unmodifiableList()[0] = 5


class MapTest(unittest.TestCase):

    def setUp(self):
        self.m = Values.map()

    def test_get_item(self):
        self.assertEqual(self.m["one"], 1)
        with self.assertRaises(KeyError):
            self.m["three"]

    def test_set_and_delete_items(self):
        self.m["three"] = 3
        self.assertEqual(self.m.get("three"), 3)
        self.assertEqual(len(self.m), 3)
        del self.m["one"]
        self.assertNotIn("one", self.m)
        with self.assertRaises(KeyError):
            del self.m["nope"]
        self.assertEqual(Values.mapSize(self.m), 2)

    def test_in_and_len(self):
        self.assertIn("one", self.m)
        self.assertNotIn("zzz", self.m)
        self.assertEqual(len(self.m), 2)
        self.assertEqual(len(HashMap()), 0)

    def test_iteration_is_over_keys(self):
        self.assertEqual(list(self.m), ["one", "two"])

    def test_keys_items_and_dict(self):
        self.assertEqual(list(self.m.keys()), ["one", "two"])
        self.assertEqual(list(self.m.items()), [("one", 1), ("two", 2)])
        self.assertEqual(dict(self.m), {"one": 1, "two": 2})
        self.assertEqual(dict(HashMap({"a": 1})), {"a": 1})

    def test_java_methods_remain(self):
        self.assertTrue(self.m.containsKey("one"))
        self.assertEqual(self.m.size(), 2)
        self.assertIsNone(self.m.get("x"))
        self.assertEqual(list(self.m.values()), [1, 2])


class AutoCloseableTest(unittest.TestCase):

    def test_with_closes(self):
        d = Dog("rex", 3)
        with d as entered:
            self.assertTrue(entered.equals(d))
            self.assertFalse(d.isClosed())
        self.assertTrue(d.isClosed())

    def test_with_closes_when_the_block_raises(self):
        d = Dog("rex", 3)
        with self.assertRaises(ValueError):
            with d:
                raise ValueError("inside")
        self.assertTrue(d.isClosed())

    def test_with_over_a_jdk_closeable(self):
        with StringReader("abc") as r:
            self.assertEqual(r.read(), ord("a"))
        with self.assertRaises(OSError):
            r.read()


class ComparableTest(unittest.TestCase):

    def test_ordering_uses_compare_to(self):
        a, b, a2 = Dog("a", 1), Dog("b", 2), Dog("c", 1)
        self.assertTrue(a < b)
        self.assertTrue(b > a)
        self.assertTrue(a <= b)
        self.assertTrue(b >= a)
        self.assertFalse(a > b)
        self.assertTrue(a <= a2)
        self.assertTrue(a >= a2)
        self.assertEqual([d.getName() for d in sorted([b, a])], ["a", "b"])

    def test_jdk_comparables(self):
        self.assertTrue(LocalDate.of(2020, 1, 1) < LocalDate.of(2021, 1, 1))
        self.assertEqual(max(LocalDate.of(2020, 1, 1), LocalDate.of(2019, 5, 5)).getYear(), 2020)

    def test_objects_that_are_not_comparable_cannot_be_ordered(self):
        with self.assertRaises(TypeError):
            Point() < Point(1, 1)


class NumberTest(unittest.TestCase):

    def test_integral_number(self):
        ai = AtomicInteger(5)
        self.assertEqual(int(ai), 5)
        self.assertIsInstance(int(ai), int)
        self.assertEqual(float(ai), 5.0)
        self.assertEqual(ai + 1, 6)
        self.assertEqual(1 + ai, 6)
        self.assertEqual(ai * 2, 10)
        self.assertEqual(10 - ai, 5)
        self.assertEqual(ai - 1, 4)
        self.assertEqual(ai / 2, 2.5)
        self.assertEqual(ai // 2, 2)
        self.assertEqual(ai % 2, 1)

    def test_a_number_subclass_of_our_own(self):
        r = Values.ratio()
        self.assertIsInstance(r, java.lang.Number)
        self.assertEqual(float(r), 0.75)
        self.assertEqual(int(r), 0)
        self.assertEqual(r * 4, 3.0)
        self.assertEqual(r + 1, 1.75)
        self.assertEqual(1 - r, 0.25)

    def test_big_decimal(self):
        b = Values.bigDecimal()
        self.assertEqual(float(b), 2.5)
        self.assertEqual(b + 1, 3.5)


class EqualityTest(unittest.TestCase):

    def test_equals(self):
        self.assertTrue(Point(1, 2) == Point(1, 2))
        self.assertFalse(Point(1, 2) != Point(1, 2))
        self.assertTrue(Point(1, 2) != Point(2, 1))
        self.assertFalse(Point(1, 2) == "Point(1, 2)")
        self.assertTrue(Values.sameObject() == Values.sameObject())
        self.assertFalse(Values.newObject() == Values.newObject())

    def test_hash_code(self):
        p = Point(1, 2)
        self.assertEqual(hash(p), p.hashCode())
        self.assertEqual({Point(1, 2): "v"}[Point(1, 2)], "v")
        self.assertEqual(len({Point(1, 2), Point(1, 2), Point(0, 0)}), 2)

    def test_str_and_repr(self):
        p = Point(1, 2)
        self.assertEqual(str(p), "Point(1, 2)")
        self.assertEqual(str(ArrayList()), "[]")
        self.assertEqual(str(Values.list()), "[a, b, c]")
        self.assertTrue("Point(1, 2)" in repr(p) or "krait.fixtures.Point" in repr(p), repr(p))


class SynchronizedTest(unittest.TestCase):

    def test_synchronized_holds_the_java_monitor(self):
        p = Point()
        self.assertFalse(Monitors.holdsLock(p))
        with p.synchronized():
            self.assertTrue(Monitors.holdsLock(p))
            with p.synchronized():
                self.assertTrue(Monitors.holdsLock(p))
            self.assertTrue(Monitors.holdsLock(p))
        self.assertFalse(Monitors.holdsLock(p))

    def test_synchronized_releases_when_the_block_raises(self):
        p = Point()
        with self.assertRaises(ValueError):
            with p.synchronized():
                raise ValueError("inside")
        self.assertFalse(Monitors.holdsLock(p))


class FunctionalInterfaceTest(unittest.TestCase):

    def test_java_lambdas_are_callable(self):
        self.assertEqual(Callbacks.adder()(2, 3), 5)
        self.assertEqual(Callbacks.shouter()("abc"), "ABC")
        self.assertEqual(Callbacks.supplier()(), "supplied")
        self.assertEqual(Function.identity()("x"), "x")

    def test_other_methods_remain(self):
        shouter = Callbacks.shouter()
        self.assertEqual(shouter.transform("a"), "A")
        self.assertEqual(shouter.twice("ab"), "AB")

    def test_other_objects_are_not_callable(self):
        self.assertFalse(callable(Point()))
        with self.assertRaises(TypeError):
            Point()()


if __name__ == "__main__":
    unittest.main()
