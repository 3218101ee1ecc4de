/** How a failed command is classified and worded: one exit code type for every entry point. */
package dev.parity.failure;
