/**
 * Reading an ONNX model for conversion: ONNX's protobuf schema (from {@code tribuo-util-onnx}), the
 * supported op set ({@link dev.parity.graph.Operator}), normalised nodes and inferred value types.
 * Knows no engine.
 */
package dev.parity.convert.onnx;
