"""Java arrays as fixed-size mutable sequences with the buffer protocol for primitive
arrays (issue item 3); jep.jarray is tested in test_jep_module."""

import unittest

import jep
from krait.fixtures import Fields, Point, Values
from krait_support import needs_numpy


class ArraySequenceTest(unittest.TestCase):

    def setUp(self):
        self.ints = Values.intArray()

    def tearDown(self):
        Fields.reset()

    def test_len_index_and_negative_index(self):
        self.assertEqual(len(self.ints), 5)
        self.assertEqual(self.ints[0], 1)
        self.assertEqual(self.ints[-1], 5)
        with self.assertRaises(IndexError):
            self.ints[5]
        with self.assertRaises(IndexError):
            self.ints[-6]

    def test_iteration_and_in(self):
        self.assertEqual(list(self.ints), [1, 2, 3, 4, 5])
        self.assertEqual([x * 2 for x in self.ints], [2, 4, 6, 8, 10])
        self.assertIn(3, self.ints)
        self.assertNotIn(9, self.ints)

    def test_slices(self):
        self.assertEqual(list(self.ints[1:3]), [2, 3])
        self.assertEqual(list(self.ints[:-3]), [1, 2])
        self.assertEqual(list(self.ints[4:]), [5])

    def test_set_item_changes_the_java_array(self):
        self.ints[0] = 10
        self.ints[-1] = 50
        self.assertEqual(self.ints[0], 10)
        self.assertEqual(Values.sumInts(self.ints), 10 + 2 + 3 + 4 + 50)
        with self.assertRaises(IndexError):
            self.ints[5] = 1
        with self.assertRaises(TypeError):
            self.ints[0] = "x"

    def test_set_slice_of_the_same_length(self):
        self.ints[1:3] = [20, 30]
        self.assertEqual(list(self.ints), [1, 20, 30, 4, 5])
        self.assertEqual(Values.sumInts(self.ints), 60)

    def test_the_size_is_fixed(self):
        with self.assertRaises((TypeError, ValueError, IndexError)):
            self.ints[0:2] = [1, 2, 3]
        with self.assertRaises((TypeError, ValueError)):
            del self.ints[0]
        self.assertEqual(len(self.ints), 5)

    def test_fields_hold_the_java_array_itself(self):
        Fields.staticInts[0] = 10
        self.assertEqual(Fields.staticIntsSum(), 10 + 5 + 6)
        f = Fields()
        f.intArrayField[0] = 100
        self.assertEqual(f.intArraySum(), 105)


class ElementTypeTest(unittest.TestCase):

    def test_primitive_arrays(self):
        self.assertEqual(list(Values.byteArray()), [0, 1, 127, -128, -1])
        self.assertEqual(list(Values.shortArray()), [1, -2, 3])
        self.assertEqual(list(Values.longArray()), [2 ** 40, -1])
        self.assertEqual(list(Values.floatArray()), [0.5, -1.5])
        self.assertEqual(list(Values.doubleArray()), [0.25, 2.5, -1.0])
        self.assertEqual(list(Values.charArray()), ["a", "b", "c"])
        self.assertEqual(list(Values.booleanArray()), [True, False, True])

    def test_object_arrays(self):
        self.assertEqual(list(Values.stringArray()), ["a", "b", "c"])
        self.assertEqual(list(Values.objectArray()), ["a", 1, None])

    def test_nested_arrays(self):
        m = Values.intMatrix()
        self.assertEqual(len(m), 2)
        self.assertEqual(list(m[0]), [1, 2])
        self.assertEqual(list(m[1]), [3])

    def test_setting_object_array_items(self):
        s = Values.stringArray()
        s[0] = "z"
        s[1] = None
        self.assertEqual(Values.joinStrings(s), "z,null,c")
        with self.assertRaises(TypeError):
            s[2] = 5
        points = jep.jarray(1, Point)
        points[0] = Point(1, 2)
        self.assertEqual(points[0], Point(1, 2))

    def test_python_lists_convert_to_array_parameters(self):
        self.assertEqual(Values.sumInts([1, 2, 3]), 6)
        self.assertEqual(Values.sumDoubles([0.5, 1]), 1.5)
        self.assertEqual(Values.joinStrings(["x", "y"]), "x,y")


class BufferTest(unittest.TestCase):

    def test_bytes_of_a_byte_array(self):
        self.assertEqual(bytes(Values.byteArray()), b"\x00\x01\x7f\x80\xff")

    def test_memoryview_of_every_primitive_type(self):
        cases = (
            (Values.byteArray(), 1, [0, 1, 127, -128, -1]),
            (Values.shortArray(), 2, [1, -2, 3]),
            (Values.intArray(), 4, [1, 2, 3, 4, 5]),
            (Values.longArray(), 8, [2 ** 40, -1]),
            (Values.floatArray(), 4, [0.5, -1.5]),
            (Values.doubleArray(), 8, [0.25, 2.5, -1.0]),
        )
        for array, itemsize, values in cases:
            with memoryview(array) as mv:
                self.assertEqual(mv.itemsize, itemsize)
                self.assertEqual(len(mv), len(values))
                self.assertEqual(mv.tolist(), values)
        with memoryview(Values.charArray()) as mv:
            self.assertEqual(mv.itemsize, 2)
            self.assertEqual(mv.nbytes, 6)
        with memoryview(Values.booleanArray()) as mv:
            self.assertEqual(mv.itemsize, 1)
            self.assertEqual([bool(x) for x in mv.tolist()], [True, False, True])

    def test_writing_through_a_memoryview(self):
        ints = Values.intArray()
        with memoryview(ints) as mv:
            if mv.readonly:
                self.skipTest("the buffer is read-only")
            mv[0] = 42
        self.assertEqual(ints[0], 42)
        self.assertEqual(Values.sumInts(ints), 42 + 2 + 3 + 4 + 5)

    def test_object_arrays_have_no_buffer(self):
        with self.assertRaises((TypeError, BufferError)):
            memoryview(Values.stringArray())

    @needs_numpy
    def test_numpy_reads_the_buffer(self):
        import numpy
        self.assertEqual(numpy.asarray(memoryview(Values.doubleArray())).tolist(), [0.25, 2.5, -1.0])
        self.assertEqual(numpy.frombuffer(bytes(Values.byteArray()), dtype=numpy.int8).tolist(),
                         [0, 1, 127, -128, -1])


if __name__ == "__main__":
    unittest.main()
