/**
 * The MXNet artifact of a converted ONNX graph: a graph file and a constants archive, run by a DJL
 * block ({@link dev.parity.convert.mxnet.GraphBlock}) built through {@link
 * dev.parity.convert.mxnet.GraphBlockFactory}. The loading side uses only DJL's API, Jackson and
 * the toolkit's {@code .npz} reader.
 */
package dev.parity.convert.mxnet;
