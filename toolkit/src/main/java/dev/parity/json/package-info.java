/**
 * Reading Parity's JSON files strictly: broken syntax named by file, line and column; unknown,
 * missing and mistyped keys named by their path. Imports no other Parity package.
 */
package dev.parity.json;
