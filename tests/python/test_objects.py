"""Java objects inside Python: constructors, methods, overloads, varargs, fields, dir(),
java_name, getClass() and the Python type hierarchy that mirrors Java's (issue item 1)."""

import unittest

import jep
import java.lang
import java.util
from java.util import ArrayList, HashMap

from krait.fixtures import Animal, Dog, Fields, Overloads, Point, Values


class ConstructorTest(unittest.TestCase):

    def test_no_argument_constructor(self):
        al = ArrayList()
        self.assertEqual(al.size(), 0)

    def test_constructor_overloads_are_chosen_by_argument_types(self):
        self.assertEqual(Point().toString(), "Point(0, 0)")
        self.assertEqual(Point(1, 2).toString(), "Point(1, 2)")
        self.assertEqual(Point("3, 4").toString(), "Point(3, 4)")
        self.assertEqual(Point(Point(5, 6)).toString(), "Point(5, 6)")
        self.assertEqual(Point(1.4, 2.6).toString(), "Point(1, 3)")

    def test_constructor_taking_a_collection(self):
        self.assertEqual(ArrayList(Values.list()).size(), 3)
        self.assertEqual(ArrayList([1, 2, 3]).size(), 3)
        self.assertEqual(HashMap({"a": 1}).get("a"), 1)

    def test_wrong_constructor_arguments_raise_type_error(self):
        with self.assertRaises(TypeError):
            Point(1, 2, 3)
        with self.assertRaises(TypeError):
            Point(1)

    def test_instances_have_the_type_of_their_class(self):
        p = Point()
        self.assertIsInstance(p, Point)
        self.assertIs(type(p), Point)
        self.assertIs(type(Values.list()), ArrayList)
        self.assertIs(type(ArrayList()), type(ArrayList()))


class MethodTest(unittest.TestCase):

    def test_instance_methods(self):
        al = ArrayList()
        self.assertTrue(al.add("a"))
        al.add("b")
        self.assertEqual(al.get(0), "a")
        self.assertEqual(al.size(), 2)
        self.assertEqual(al.indexOf("b"), 1)

    def test_bound_methods_can_be_kept(self):
        al = ArrayList()
        add = al.add
        add("x")
        add("y")
        self.assertEqual(al.size(), 2)

    def test_inherited_and_overridden_methods(self):
        d = Dog("rex", 3)
        self.assertEqual(d.getName(), "rex")
        self.assertEqual(d.getAge(), 3)
        self.assertEqual(d.speak(), "Woof")
        self.assertEqual(Animal("cat").speak(), "...")

    def test_static_methods_through_the_class(self):
        self.assertEqual(Values.intValue(), 123456)
        self.assertEqual(Overloads.stat(1), "static int")
        self.assertEqual(java.lang.Integer.parseInt("42"), 42)
        self.assertEqual(java.lang.String.valueOf(5), "5")
        self.assertGreaterEqual(Dog.created(), 0)

    def test_primitive_results_become_python_values(self):
        self.assertEqual(Values.byteValue(), -5)
        self.assertEqual(Values.shortValue(), -1234)
        self.assertEqual(Values.intValue(), 123456)
        self.assertEqual(Values.longValue(), 2 ** 40)
        self.assertEqual(Values.floatValue(), 0.5)
        self.assertEqual(Values.doubleValue(), 0.25)
        self.assertEqual(Values.charValue(), "z")
        self.assertIs(Values.booleanValue(), True)
        for value, kind in ((Values.byteValue(), int), (Values.longValue(), int),
                            (Values.floatValue(), float), (Values.charValue(), str)):
            self.assertIsInstance(value, kind)

    def test_object_results(self):
        self.assertEqual(Values.stringValue(), "h\u00e9llo \U0001F600")
        self.assertEqual(Values.boxedInteger(), 7)
        self.assertIsNone(Values.nullValue())
        self.assertIsNone(Values.voidMethod())
        o = Values.newObject()
        self.assertIsInstance(o, java.lang.Object)
        self.assertEqual(o.java_name, "java.lang.Object")

    def test_python_arguments_become_java_values(self):
        self.assertEqual(Values.className("s"), "java.lang.String")
        self.assertEqual(Values.className(1), "java.lang.Long")
        self.assertEqual(Values.className(2 ** 70), "java.math.BigInteger")
        self.assertEqual(Values.className(1.5), "java.lang.Double")
        self.assertEqual(Values.className(True), "java.lang.Boolean")
        self.assertEqual(Values.className(None), "null")
        self.assertEqual(Values.className([1, 2]), "java.util.ArrayList")
        self.assertEqual(Values.className({"a": 1}), "java.util.HashMap")
        self.assertEqual(Values.className({1, 2}), "java.util.HashSet")
        self.assertEqual(Values.className(Point()), "krait.fixtures.Point")
        self.assertEqual(Values.size((1, 2, 3)), 3)
        self.assertEqual(Values.mapSize({"a": 1, "b": 2}), 2)

    def test_a_wrapped_object_passes_back_as_the_same_java_object(self):
        p = Point(1, 2)
        self.assertTrue(Values.same(p, Values.identity(p)))
        self.assertEqual(Values.identity(p), p)
        self.assertTrue(Values.same(Values.sameObject(), Values.sameObject()))
        self.assertEqual(list(Values.identity([1, 2])), [1, 2])

    def test_wrong_argument_count_raises_type_error(self):
        with self.assertRaises(TypeError):
            Values.intValue(1)
        with self.assertRaises(TypeError):
            ArrayList().get()

    def test_no_matching_overload_raises_type_error(self):
        with self.assertRaises(TypeError):
            Overloads.takeInt("x")
        with self.assertRaises(TypeError):
            Values.sumInts("x")

    def test_unknown_attributes_raise_attribute_error(self):
        with self.assertRaises(AttributeError):
            Point().noSuchThing
        with self.assertRaises(AttributeError):
            Point.noSuchThing


class OverloadTest(unittest.TestCase):
    """Overloads are chosen by the Python argument types: exact primitive and boxed
    matches first (a Python int is a Java long, a float a double), then widening, then
    conversions. Java byte, char and short overloads are never the best match for a Python
    value; the take* methods show that Python values reach those types."""

    def setUp(self):
        self.o = Overloads()

    def test_single_argument_overloads(self):
        f = self.o.f
        self.assertEqual(f(True), "boolean")
        self.assertEqual(f(1), "long")
        self.assertEqual(f(2 ** 40), "long")
        self.assertEqual(f(1.5), "double")
        self.assertEqual(f("abc"), "String")
        self.assertEqual(f("c"), "String")
        self.assertEqual(f(None), "Object")
        self.assertEqual(f(Point()), "Object")
        self.assertEqual(f(jep.jarray(2, jep.JINT_ID)), "int[]")

    def test_widening_over_two_arguments(self):
        self.assertEqual(self.o.pair(1, 2), "int,int")
        self.assertEqual(self.o.pair(1.5, 2), "double,double")
        self.assertEqual(self.o.pair(1, 2.5), "double,double")
        self.assertEqual(self.o.pair("a", 1), "String,int")

    def test_boxed_overloads(self):
        self.assertEqual(self.o.boxed(True), "Boolean")
        self.assertEqual(self.o.boxed(1), "Long")
        self.assertEqual(self.o.boxed(1.5), "Double")
        self.assertEqual(self.o.boxed("s"), "String")
        self.assertEqual(self.o.primitiveOrBoxed(1), "int")

    def test_overloads_by_arity(self):
        self.assertEqual(self.o.arity(), "0")
        self.assertEqual(self.o.arity(1), "1")
        self.assertEqual(self.o.arity(1, 2), "2")

    def test_static_overloads(self):
        self.assertEqual(Overloads.stat(1), "static int")
        self.assertEqual(Overloads.stat("x"), "static String")

    def test_python_values_reach_every_primitive_type(self):
        self.assertEqual(Overloads.takeByte(-128), "byte -128")
        self.assertEqual(Overloads.takeByte(127), "byte 127")
        self.assertEqual(Overloads.takeShort(-300), "short -300")
        self.assertEqual(Overloads.takeInt(2 ** 31 - 1), "int 2147483647")
        self.assertEqual(Overloads.takeLong(2 ** 40), "long 1099511627776")
        self.assertEqual(Overloads.takeFloat(0.5), "float 0.5")
        self.assertEqual(Overloads.takeFloat(2), "float 2.0")
        self.assertEqual(Overloads.takeDouble(0.25), "double 0.25")
        self.assertEqual(Overloads.takeDouble(3), "double 3.0")
        self.assertEqual(Overloads.takeChar("x"), "char x")
        self.assertEqual(Overloads.takeBoolean(False), "boolean false")
        self.assertEqual(Overloads.takeInteger(5), "Integer 5")
        self.assertEqual(Overloads.takeInteger(None), "Integer null")
        self.assertEqual(Overloads.takeCharacter("q"), "Character q")

    def test_values_out_of_range_are_refused(self):
        for call in (lambda: Overloads.takeByte(300), lambda: Overloads.takeShort(2 ** 20),
                     lambda: Overloads.takeInt(2 ** 40), lambda: Overloads.takeChar("xy")):
            with self.assertRaises((TypeError, OverflowError, ValueError)):
                call()

    def test_the_choice_depends_on_each_call_not_on_the_first(self):
        values = (1, "a", 1.5, True, None, 2, "b")
        expected = ["long", "String", "double", "boolean", "Object", "long", "String"]
        for _ in range(3):
            self.assertEqual([self.o.f(v) for v in values], expected)
        self.assertEqual({self.o.f(i) for i in range(1000)}, {"long"})


class VarargsTest(unittest.TestCase):

    def test_varargs_after_a_fixed_parameter(self):
        self.assertEqual(Overloads.join(", ", "a", "b", "c"), "a, b, c")
        self.assertEqual(Overloads.join("-", "x"), "x")
        self.assertEqual(Overloads.join("-"), "")

    def test_varargs_given_as_an_array_or_a_list(self):
        parts = jep.jarray(2, java.lang.String)
        parts[0] = "p"
        parts[1] = "q"
        self.assertEqual(Overloads.join("+", parts), "p+q")
        self.assertEqual(Overloads.join("+", ["p", "q"]), "p+q")

    def test_primitive_varargs(self):
        self.assertEqual(Overloads.sum(), 0)
        self.assertEqual(Overloads.sum(1, 2, 3), 6)
        self.assertEqual(Overloads.sum(*range(100)), 4950)

    def test_object_varargs(self):
        self.assertEqual(Overloads.count("n", 1, "two", None), "n:3")
        self.assertEqual(Overloads.count("n"), "n:0")


class FieldTest(unittest.TestCase):

    def setUp(self):
        self.f = Fields()

    def tearDown(self):
        Fields.reset()

    def test_read_instance_fields(self):
        f = self.f
        self.assertIs(f.booleanField, True)
        self.assertEqual(f.byteField, -8)
        self.assertEqual(f.charField, "c")
        self.assertEqual(f.shortField, -300)
        self.assertEqual(f.intField, 100000)
        self.assertEqual(f.longField, 2 ** 40)
        self.assertEqual(f.floatField, 1.5)
        self.assertEqual(f.doubleField, 2.25)
        self.assertEqual(f.stringField, "hello")
        self.assertIsNone(f.objectField)
        self.assertEqual(list(f.intArrayField), [1, 2, 3])
        self.assertEqual(list(f.stringArrayField), ["a", "b"])
        self.assertEqual(list(f.listField), ["x", "y"])
        self.assertIsInstance(f.listField, java.util.List)
        self.assertEqual(f.finalField, 7)

    def test_write_instance_fields(self):
        f = self.f
        f.booleanField = False
        f.byteField = 9
        f.charField = "d"
        f.shortField = 301
        f.intField = -5
        f.longField = -(2 ** 40)
        f.floatField = 0.25
        f.doubleField = -0.5
        f.stringField = "changed"
        f.objectField = Point(1, 2)
        self.assertEqual(f.describe(),
                         "false,9,d,301,-5,-1099511627776,0.25,-0.5,changed,Point(1, 2)")
        self.assertEqual((f.byteField, f.charField, f.longField), (9, "d", -(2 ** 40)))
        self.assertEqual(f.objectField, Point(1, 2))
        f.stringField = None
        self.assertIsNone(f.stringField)

    def test_write_array_and_list_fields(self):
        f = self.f
        f.intArrayField = [7, 8]
        self.assertEqual(f.intArraySum(), 15)
        f.intArrayField = jep.jarray(3, jep.JINT_ID, 2)
        self.assertEqual(f.intArraySum(), 6)
        f.listField = ArrayList()
        self.assertEqual(f.listField.size(), 0)

    def test_values_of_the_wrong_type_are_refused(self):
        with self.assertRaises(TypeError):
            self.f.intField = "x"
        with self.assertRaises(TypeError):
            self.f.stringField = 5
        self.assertEqual(self.f.intField, 100000)

    def test_unknown_fields_cannot_be_set(self):
        with self.assertRaises(AttributeError):
            self.f.noSuchField = 1

    def test_read_static_fields(self):
        self.assertIs(Fields.staticBoolean, False)
        self.assertEqual(Fields.staticByte, 8)
        self.assertEqual(Fields.staticChar, "s")
        self.assertEqual(Fields.staticShort, 300)
        self.assertEqual(Fields.staticInt, 10)
        self.assertEqual(Fields.staticLong, -(2 ** 40))
        self.assertEqual(Fields.staticFloat, -1.5)
        self.assertEqual(Fields.staticDouble, -2.25)
        self.assertEqual(Fields.staticString, "static")
        self.assertEqual(list(Fields.staticInts), [4, 5, 6])
        self.assertEqual(Fields.CONSTANT, "constant")
        self.assertEqual(java.lang.Integer.MAX_VALUE, 2 ** 31 - 1)

    def test_write_static_fields(self):
        Fields.staticBoolean = True
        Fields.staticByte = 9
        Fields.staticChar = "t"
        Fields.staticShort = 301
        Fields.staticInt = 11
        Fields.staticLong = 5
        Fields.staticFloat = 0.75
        Fields.staticDouble = 0.125
        Fields.staticString = "changed"
        self.assertEqual(Fields.describeStatic(), "true,9,t,301,11,5,0.75,0.125,changed")
        self.assertEqual(Fields.staticInt, 11)

    def test_static_fields_through_an_instance(self):
        self.assertEqual(self.f.staticInt, 10)


class IntrospectionTest(unittest.TestCase):

    def test_dir_lists_methods_and_fields(self):
        names = dir(ArrayList())
        for name in ("add", "get", "size", "iterator", "getClass", "hashCode"):
            self.assertIn(name, names)
        names = dir(Fields())
        for name in ("intField", "stringField", "describe", "intArraySum"):
            self.assertIn(name, names)

    def test_dir_of_a_class_lists_static_members(self):
        names = dir(Fields)
        for name in ("staticInt", "CONSTANT", "reset", "describeStatic"):
            self.assertIn(name, names)

    def test_java_name(self):
        self.assertEqual(ArrayList().java_name, "java.util.ArrayList")
        self.assertEqual(Dog("a", 1).java_name, "krait.fixtures.Dog")
        self.assertEqual(Values.list().java_name, "java.util.ArrayList")

    def test_get_class(self):
        c = ArrayList().getClass()
        self.assertEqual(c.getName(), "java.util.ArrayList")
        self.assertEqual(c.getSimpleName(), "ArrayList")
        # As in Jep, a Class is the Python class it names: Animal's own getName() method
        # would shadow Class.getName() here, so read the name the Python way.
        self.assertEqual(Dog("a", 1).getClass().getSuperclass().java_name, "krait.fixtures.Animal")
        self.assertEqual(Point().getClass(), Point(1, 1).getClass())


class HierarchyTest(unittest.TestCase):

    def test_isinstance_follows_classes_and_interfaces(self):
        al = ArrayList()
        for t in (ArrayList, java.util.AbstractList, java.util.List, java.util.Collection,
                  java.lang.Iterable, java.util.RandomAccess, java.lang.Object):
            self.assertIsInstance(al, t)
        self.assertNotIsInstance(al, java.util.Map)
        self.assertNotIsInstance(al, HashMap)
        self.assertIsInstance(HashMap(), java.util.Map)

    def test_issubclass_follows_classes_and_interfaces(self):
        self.assertTrue(issubclass(ArrayList, java.util.List))
        self.assertTrue(issubclass(java.util.List, java.util.Collection))
        self.assertTrue(issubclass(Dog, Animal))
        self.assertTrue(issubclass(Dog, java.lang.Comparable))
        self.assertTrue(issubclass(Dog, java.lang.AutoCloseable))
        self.assertTrue(issubclass(Animal, java.lang.Object))
        self.assertFalse(issubclass(Animal, Dog))
        self.assertFalse(issubclass(ArrayList, java.util.Map))

    def test_objects_returned_from_java_have_their_runtime_type(self):
        self.assertIsInstance(Values.list(), java.util.List)
        self.assertIsInstance(Values.map(), java.util.Map)
        self.assertIsInstance(Values.set(), java.util.Set)
        self.assertIsInstance(Values.iterator(), java.util.Iterator)
        self.assertIsInstance(Values.identity(Dog("a", 1)), Animal)


if __name__ == "__main__":
    unittest.main()
