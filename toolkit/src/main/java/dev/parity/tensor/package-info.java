/**
 * Arrays in Java memory and their element types: what a model takes and returns, and what numpy
 * files hold. The bottom of the toolkit: it imports no other Parity package.
 */
package dev.parity.tensor;
