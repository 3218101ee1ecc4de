/**
 * Writes the MXNet artifact of a converted ONNX graph: a graph file and a constants archive ({@link
 * dev.parity.graph.GraphFile}), which the toolkit's {@link dev.parity.graph.GraphBlock} runs.
 */
package dev.parity.convert.mxnet;
