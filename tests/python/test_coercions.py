"""Python values into Java parameters and fields by Jep's rules (issue 8): overload
resolution, primitive and box coercion, arrays from buffers, Java classes, big
integers in binary, constructors returning Java objects (issue 9 item 5)."""

import array
import unittest

import jep
from java.lang import Integer, Math, Object
from java.math import BigInteger
import java.util
from java.util import ArrayList
from krait.fixtures import Coercions


class PrimitiveCoercionTest(unittest.TestCase):

    def tearDown(self):
        Coercions.reset()

    def test_primitive_boolean_takes_any_truth_value(self):
        for value in (0, 1, 0.5, "", "x", [], [1], {}, {"k": 1}, ()):
            self.assertIs(Coercions.primitiveBoolean(value), bool(value))
            Coercions.flag = value
            self.assertIs(Coercions.flag, bool(value))

    def test_boxed_boolean_takes_only_bool(self):
        self.assertIs(Coercions.boxedBoolean(True), True)
        for value in (0, 1, "x", []):
            with self.assertRaises(TypeError):
                Coercions.boxedBoolean(value)

    def test_bool_is_a_primitive_number_but_not_a_box(self):
        self.assertEqual(Coercions.primitiveLong(True), 1)
        self.assertEqual(Coercions.primitiveByte(False), 0)
        self.assertEqual(Coercions.primitiveDouble(True), 1.0)
        with self.assertRaises(TypeError):
            Coercions.boxedInt = True

    def test_boxed_double_refuses_int(self):
        self.assertEqual(Coercions.boxedDouble(2.5), 2.5)
        with self.assertRaises(TypeError):
            Coercions.boxedDouble(2)
        with self.assertRaises(TypeError):
            Coercions.boxedDoubleField = 2

    def test_out_of_range_is_type_error_for_methods_overflow_for_fields(self):
        with self.assertRaises(TypeError):
            Coercions.primitiveByte(128)
        with self.assertRaises(OverflowError):
            Coercions.smallByte = 128
        with self.assertRaises(OverflowError):
            Coercions.boxedInt = 2 ** 31

    def test_int_too_big_for_long_never_becomes_double(self):
        with self.assertRaises(TypeError):
            Math.abs(2 ** 63 + 1)
        self.assertEqual(Coercions.big(2 ** 63 + 1), "Object BigInteger")
        self.assertEqual(Coercions.big(5), "long")


class ReferenceCoercionTest(unittest.TestCase):

    def tearDown(self):
        Coercions.reset()

    def test_buffers_into_primitive_arrays(self):
        self.assertEqual(Coercions.sum(array.array('i', [1, 2, 3])), 6)
        self.assertEqual(Coercions.sum(memoryview(array.array('i', [1, 2, 3, 4]))[::2]), 4)
        with self.assertRaises(TypeError):
            Coercions.sum(array.array('f', [1, 2]))

    def test_list_into_string_array_field_and_parameter(self):
        Coercions.names = ["a", "b"]
        self.assertEqual(list(Coercions.names), ["a", "b"])
        self.assertEqual(Coercions.count(("a", "b", "c")), 3)
        with self.assertRaises(TypeError):
            Coercions.names = [1, 2]

    def test_python_class_of_a_java_class_is_its_class(self):
        self.assertEqual(Coercions.name(ArrayList), "java.util.ArrayList")
        self.assertEqual(Coercions.which(ArrayList), "Class")
        self.assertEqual(Coercions.which(1), "Object")
        self.assertTrue(ArrayList().getClass() == ArrayList)
        self.assertFalse(ArrayList().getClass() == Object)

    def test_tuple_is_never_an_array_list(self):
        self.assertEqual(Coercions.list([]), "ArrayList")
        self.assertEqual(Coercions.list(()), "List")

    def test_constructor_returns_the_java_object(self):
        five = Integer(5)
        self.assertNotIsInstance(five, int)
        self.assertEqual(five.intValue(), 5)
        self.assertEqual(five + 1, 6)
        self.assertEqual(five, 5)
        self.assertEqual(hash(Integer(-1)), -2)


class BigIntegerTest(unittest.TestCase):

    def test_huge_values_cross_in_binary(self):
        huge = 10 ** 10000
        big = BigInteger("1").add(huge)
        self.assertEqual(big, huge + 1)
        self.assertEqual(BigInteger("-5").multiply(huge), -5 * huge)

    def test_eval_of_a_huge_int(self):
        self.assertEqual(BigInteger("0").subtract(-(2 ** 20000)), 2 ** 20000)


class ArrayValidationTest(unittest.TestCase):

    def test_jarray_of_primitive_classes(self):
        from java.lang import Boolean, Double, Void
        ints = jep.jarray(3, Integer.TYPE)
        self.assertEqual(list(ints), [0, 0, 0])
        self.assertEqual(list(jep.jarray(2, Boolean.TYPE)), [False, False])
        self.assertEqual(list(jep.jarray(1, Double.TYPE, 1.5)), [1.5])
        with self.assertRaises(TypeError) as caught:
            jep.jarray(1, Void.TYPE)
        self.assertIn("void", str(caught.exception))

    def test_jarray_bad_size_names_it(self):
        with self.assertRaises(TypeError) as caught:
            jep.jarray(-1, Integer.TYPE)
        self.assertIn("-1", str(caught.exception))

    def test_views_share_one_copy(self):
        a = jep.jarray(3, Integer.TYPE)
        first, second = memoryview(a), memoryview(a)
        first[0] = 7
        second[1] = 8
        a[2] = 9
        self.assertEqual(a[0], 7)
        self.assertEqual(second[2], 9)
        first.release()
        second.release()
        self.assertEqual(list(a), [7, 8, 9])

    def test_slices_need_step_one(self):
        a = jep.jarray(4, Integer.TYPE)
        with self.assertRaises(TypeError):
            a[::2]


class DirectBufferTest(unittest.TestCase):

    def test_memoryview_of_direct_buffers(self):
        from java.nio import ByteBuffer, ByteOrder
        b = ByteBuffer.allocateDirect(16).order(ByteOrder.nativeOrder())
        v = memoryview(b)
        v[0] = 7
        self.assertEqual(b.get(0), 7)
        ints = memoryview(b.asIntBuffer())
        self.assertEqual((ints.format, len(ints)), ("i", 4))
        with self.assertRaises(BufferError):
            memoryview(ByteBuffer.allocate(4))


class NestedDataTest(unittest.TestCase):

    def test_self_referencing_containers_fail_naming_the_cycle(self):
        looped = [1]
        looped.append(looped)
        with self.assertRaises(TypeError) as caught:
            ArrayList(looped)
        self.assertIn("contains itself", str(caught.exception))
        mapping = {}
        mapping["self"] = mapping
        with self.assertRaises(TypeError):
            Coercions.which(mapping)

    def test_too_deep_nesting_fails_naming_the_depth(self):
        deep = []
        for _ in range(1000):
            deep = [deep]
        with self.assertRaises(TypeError) as caught:
            Coercions.which(deep)
        self.assertIn("256", str(caught.exception))
        shallow = [[[1]]]
        self.assertEqual(ArrayList(shallow).get(0).get(0).get(0), 1)

    def test_shared_but_acyclic_data_converts(self):
        part = [1, 2]
        self.assertEqual(ArrayList([part, part]).size(), 2)


class MisuseTest(unittest.TestCase):

    def test_types_refuse_instantiation(self):
        for tp in (jep.PyJMethod, jep.PyJField, jep.PyJArray):
            with self.assertRaises(TypeError):
                tp()

    def test_instance_field_checks_its_holder(self):
        from krait.fixtures import Fields
        field = Fields.__dict__['intField']
        for holder in (ArrayList(), object()):
            with self.assertRaises(TypeError):
                field.__get__(holder, None)
            with self.assertRaises(TypeError):
                field.__set__(holder, 5)
        self.assertEqual(field.__get__(Fields(), None), 100000)

    def test_java_object_without_java_object_cannot_be_made(self):
        # PyJObject refuses instantiation: no wrapper without a Java object exists.
        with self.assertRaises(TypeError):
            object.__new__(ArrayList)
        with self.assertRaises(TypeError):
            jep.PyJObject()
        with self.assertRaises(TypeError):
            java.util.List()


if __name__ == "__main__":
    unittest.main()
