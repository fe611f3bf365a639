"""numpy from the Python side (issue 4, item 4): Java methods returning NDArray and
DirectNDArray give ndarrays (a copy, and shared memory), ndarrays and numpy scalars as
arguments of Java methods, JEP_NUMPY_ENABLED. Skipped without numpy."""

import unittest

import jep
from krait_support import HAS_NUMPY, needs_numpy

if HAS_NUMPY:
    import numpy as np
    from java.nio import ByteBuffer, ByteOrder
    from krait.fixtures import NumpyArrays, Values
    NDArray = jep.findClass('jep.NDArray')
    DirectNDArray = jep.findClass('jep.DirectNDArray')


@needs_numpy
class NumpyFromJavaTest(unittest.TestCase):

    def test_flag(self):
        self.assertEqual(jep.JEP_NUMPY_ENABLED, 1)

    def test_method_returning_ndarray(self):
        a = NumpyArrays.ints()
        self.assertIsInstance(a, np.ndarray)
        self.assertEqual(a.dtype, np.int32)
        self.assertEqual(a.shape, (2, 3))
        self.assertEqual(a.tolist(), [[0, 1, 2], [3, 4, 5]])
        a[0, 0] = 10  # a writable copy
        self.assertEqual(NumpyArrays.ints().tolist()[0][0], 0)

    def test_unsigned(self):
        a = NumpyArrays.unsignedBytes()
        self.assertEqual(a.dtype, np.uint8)
        self.assertEqual(a.tolist(), [1, 255])

    def test_ndarray_made_in_python(self):
        a = NDArray(jep.jarray(4, jep.JFLOAT_ID), True, 2, 2)
        self.assertIsInstance(a, np.ndarray)
        self.assertEqual((a.dtype, a.shape), (np.float32, (2, 2)))

    def test_direct_shares_memory(self):
        d = NumpyArrays.sharedDoubles()
        self.assertEqual(d.tolist(), [[0.5, 1.5], [2.5, 3.5]])
        d[0, 1] = 8.0
        self.assertEqual(NumpyArrays.sharedGet(1), 8.0)
        NumpyArrays.sharedPut(2, -4.0)
        self.assertEqual(d[1, 0], -4.0)
        self.assertTrue(NumpyArrays.isShared(d))
        self.assertFalse(NumpyArrays.isShared(d[1:]))

    def test_direct_from_python(self):
        buffer = ByteBuffer.allocateDirect(8).order(ByteOrder.nativeOrder()).asIntBuffer()
        a = DirectNDArray(buffer, 2)
        a[:] = [3, 4]
        self.assertEqual((buffer.get(0), buffer.get(1)), (3, 4))
        self.assertEqual(type(a.base).__name__, 'DirectBuffer')
        with self.assertRaises(TypeError):
            type(a.base)()


@needs_numpy
class NumpyToJavaTest(unittest.TestCase):

    def test_ndarray_arguments(self):
        self.assertEqual(NumpyArrays.describe(np.ones((2, 3), dtype=np.int64)), 'long[] [2, 3] false')
        self.assertEqual(NumpyArrays.describe(np.ones(4, dtype=np.uint32)), 'int[] [4] true')
        self.assertEqual(NumpyArrays.sum(np.arange(5, dtype=np.int32)), 10)
        self.assertEqual(NumpyArrays.sum(np.array([0.25, 0.5])), 0.75)
        with self.assertRaises(TypeError):
            NumpyArrays.describe(np.array(['a']))
        # An ndarray is only the array type of its dtype (as in Jep).
        with self.assertRaises(TypeError):
            Values.sumDoubles(np.zeros(3, dtype=np.float32))
        with self.assertRaises(TypeError):
            NumpyArrays.sum(np.zeros(3, dtype=np.float32))
        with self.assertRaises(TypeError):
            NumpyArrays.sum(np.zeros((15, 5), dtype=np.float32))

    def test_scalar_arguments(self):
        self.assertEqual(NumpyArrays.twice(np.int32(21)), 42)
        self.assertEqual(NumpyArrays.twice(np.uint8(4)), 8)
        self.assertEqual(NumpyArrays.half(np.float32(3.0)), 1.5)
        self.assertEqual(NumpyArrays.half(np.int64(3)), 1.5)
        with self.assertRaises(TypeError):
            NumpyArrays.twice(np.float64(1.5))

    def test_scalars_as_objects(self):
        # As in Jep, a numpy scalar passed as an Object is the box of its dtype.
        self.assertEqual(Values.className(np.int8(7)), 'java.lang.Byte')
        self.assertEqual(Values.className(np.int16(7)), 'java.lang.Short')
        self.assertEqual(Values.className(np.int32(7)), 'java.lang.Integer')
        self.assertEqual(Values.className(np.int64(7)), 'java.lang.Long')
        self.assertEqual(Values.className(np.bool_(True)), 'java.lang.Boolean')
        self.assertEqual(Values.className(np.float32(0.5)), 'java.lang.Float')
        self.assertEqual(Values.className(np.float64(0.5)), 'java.lang.Double')
        # Unsigned scalars have no Java box of their own: they are Python ints.
        self.assertEqual(Values.className(np.uint8(7)), 'java.lang.Long')
        self.assertEqual(Values.className(np.zeros(2)), 'jep.NDArray')


if __name__ == "__main__":
    unittest.main()
