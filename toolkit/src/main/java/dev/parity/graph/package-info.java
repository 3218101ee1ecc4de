/**
 * A converted ONNX graph as data and as a DJL block: the supported op set ({@link
 * dev.parity.graph.Operator}) with normalised nodes and value types, the graph file format of an
 * MXNet artifact ({@link dev.parity.graph.GraphFile}, {@code graph.json} plus {@code
 * constants.npz}), and the block that runs it on DJL's MXNet engine ({@link
 * dev.parity.graph.GraphBlock}, built by {@link dev.parity.graph.GraphBlockFactory}, which a zoo
 * artifact names). Imports only {@code dev.parity.tensor} and {@code dev.parity.npy}, so any caller
 * that loads models from the zoo runs a converted graph without the converter (module {@code
 * convert}) on its classpath.
 */
package dev.parity.graph;
