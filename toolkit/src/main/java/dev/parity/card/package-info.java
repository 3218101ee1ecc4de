/**
 * Model cards: what a model is (coordinates, task, signature, features, files), read strictly from
 * {@code model-card.json} as {@code docs/model-card.md} defines it.
 */
package dev.parity.card;
