/** Numpy's {@code .npy} and {@code .npz} formats: the one reader and writer of the toolkit. */
package dev.parity.npy;
