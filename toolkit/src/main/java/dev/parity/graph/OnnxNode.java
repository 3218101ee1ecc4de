package dev.parity.graph;

import java.util.List;
import java.util.Map;

/**
 * One node of a read graph, normalised: every attribute the converter knows is present (ONNX's
 * default filled in where the file leaves it out), and inputs that must be constant (the {@code
 * axes} of reductions, {@code Unsqueeze} and {@code Squeeze}; the {@code starts}, {@code ends},
 * {@code axes} and {@code steps} of {@code Slice}; the {@code pads} of {@code Pad}) are moved into
 * attributes of the same names, as in the ops' older versions ({@code Pad}'s constant value becomes
 * the tensor attribute {@code value}). A {@code Constant} node's value is its {@code value} tensor
 * attribute whatever form the file used.
 *
 * @param op the op type, e.g. {@code Gemm}
 * @param name the node's name, or {@code #<index>} when the file gives none
 * @param inputs the input value names; an empty string is an optional input left out
 * @param outputs the output value names; an empty string is an optional output not produced
 * @param attributes by name
 */
public record OnnxNode(
    String op,
    String name,
    List<String> inputs,
    List<String> outputs,
    Map<String, NodeAttribute> attributes) {

  /**
   * Creates the node.
   *
   * @param op the op type
   * @param name the node's name
   * @param inputs the input names; copied
   * @param outputs the output names; copied
   * @param attributes the attributes; copied
   */
  public OnnxNode {
    inputs = List.copyOf(inputs);
    outputs = List.copyOf(outputs);
    attributes = Map.copyOf(attributes);
  }

  /**
   * Returns an input's name.
   *
   * @param index the input's position
   * @return the name, or an empty string when the optional input is left out or beyond the list
   */
  public String input(int index) {
    return index < inputs.size() ? inputs.get(index) : "";
  }

  /**
   * Whether an optional input is given.
   *
   * @param index the input's position
   * @return true when it names a value
   */
  public boolean hasInput(int index) {
    return !input(index).isEmpty();
  }

  /**
   * Returns the first output's name.
   *
   * @return the name
   */
  public String output() {
    return outputs.get(0);
  }

  /**
   * Returns an attribute.
   *
   * @param attribute its name
   * @return the value, or null when the node has none and the op gives no default
   */
  public NodeAttribute attribute(String attribute) {
    return attributes.get(attribute);
  }

  /**
   * Returns an integer attribute.
   *
   * @param attribute its name; the node must have it
   * @return the value
   */
  public long intAttribute(String attribute) {
    return required(attribute).asInt();
  }

  /**
   * Returns a float attribute.
   *
   * @param attribute its name; the node must have it
   * @return the value
   */
  public float floatAttribute(String attribute) {
    return required(attribute).asFloat();
  }

  /**
   * Returns an integer-list attribute.
   *
   * @param attribute its name; the node must have it
   * @return a copy of the values
   */
  public long[] intsAttribute(String attribute) {
    return required(attribute).asInts();
  }

  private NodeAttribute required(String attribute) {
    NodeAttribute value = attributes.get(attribute);
    if (value == null) {
      throw new IllegalStateException("node " + name + " (" + op + ") has no " + attribute);
    }
    return value;
  }
}
