"""Regenerates the .npy/.npz fixtures of NpyArrayTest: cd here and run /usr/bin/python3 generate_fixtures.py.

Written with numpy 1.24.2; the tests assert the exact values below.
"""
import numpy as np

np.save('float32-2x3.npy', np.array([[0.0, 1.5, -2.25], [3.0e-8, 1e30, -0.0]], dtype='<f4'))
np.save('float64-4.npy', np.array([0.1, -1.0 / 3, 1e300, 2.0**-1074], dtype='<f8'))
np.save('int32-3x4.npy', np.array([[0, 1, 2, 3], [-1, -2147483648, 2147483647, 7], [10, 20, 30, 40]], dtype='<i4'))
np.save('int64-3.npy', np.array([0, -9223372036854775808, 9223372036854775807], dtype='<i8'))
np.save('uint8-5.npy', np.array([0, 1, 127, 128, 255], dtype='|u1'))
np.save('int8-4.npy', np.array([-128, -1, 0, 127], dtype='|i1'))
with open('int32-v2.npy', 'wb') as f:
    np.lib.format.write_array(f, np.arange(6, dtype='<i4').reshape(2, 3), version=(2, 0))
np.savez_compressed('deflated-int32.npz', indices=np.array([[5, 0, 0], [1, 2, 3]], dtype='<i4'))
np.savez('stored-float32.npz', np.array([0.5, 0.25], dtype='<f4'))
np.savez('two-arrays.npz', a=np.zeros(2, dtype='<f4'), b=np.ones(2, dtype='<f4'))
np.save('fortran-order.npy', np.asfortranarray(np.arange(6, dtype='<f4').reshape(2, 3)))
np.save('big-endian.npy', np.arange(3, dtype='>f4'))
with open('float32-2x3.npy', 'rb') as f:
    whole = f.read()
with open('float32-2x3-truncated.npy', 'wb') as f:
    f.write(whole[:-5])
with open('deflated-int32.npz', 'rb') as f:
    whole = f.read()
with open('deflated-truncated.npz', 'wb') as f:
    f.write(whole[:len(whole) // 2])
