/**
 * TensorFlow SavedModels written in plain Java with the {@code org.tensorflow.proto} classes of
 * DJL's {@code tensorflow-api}: a node builder ({@link
 * dev.parity.convert.tensorflow.GraphDefBuilder}) and the ONNX lowering ({@link
 * dev.parity.convert.tensorflow.SavedModelEmitter}).
 */
package dev.parity.convert.tensorflow;
