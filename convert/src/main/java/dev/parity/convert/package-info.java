/**
 * Engine artifacts from the engine-neutral source, a model's ONNX file. {@link
 * dev.parity.convert.OnnxConverter} turns it into a TensorFlow SavedModel or an MXNet graph
 * artifact ({@code docs/onnx-op-set.md} lists the ops it reads), {@link
 * dev.parity.convert.ArtifactCheck} compares a converted artifact with ONNX Runtime, and {@link
 * dev.parity.convert.ZooConversion} does both for a model of the zoo and registers what passes
 * ({@code parity zoo convert}).
 */
package dev.parity.convert;
