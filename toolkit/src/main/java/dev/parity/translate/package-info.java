/**
 * DJL translators for any model with a card: named tensors in and out, and raw records in for
 * models whose card has features.
 */
package dev.parity.translate;
