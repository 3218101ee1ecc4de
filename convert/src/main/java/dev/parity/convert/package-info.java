/**
 * Reproducible converters to engine-native model artifacts. {@link
 * dev.parity.convert.OnnxConverter} turns a model's ONNX file into a TensorFlow SavedModel or an
 * MXNet graph block ({@code docs/onnx-op-set.md} lists the ops it reads) and {@link
 * dev.parity.convert.ArtifactCheck} compares a converted artifact with ONNX Runtime; {@link
 * dev.parity.convert.SavedModelWriter} writes the purchase network's SavedModel from its exported
 * weights.
 */
package dev.parity.convert;
