/**
 * Where this copy of Parity comes from: the versions it was built with ({@link
 * dev.parity.build.BuildVersions}) and the checkout it runs in ({@link dev.parity.build.Checkout}).
 * Depends on no other Parity package.
 */
package dev.parity.build;
