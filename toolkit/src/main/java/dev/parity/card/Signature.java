package dev.parity.card;

import java.util.List;
import java.util.NoSuchElementException;
import java.util.stream.Collectors;

/**
 * The tensors a model file takes and returns, in order: TorchScript takes the inputs positionally
 * in this order and returns a tensor, a tuple in output order or a dict by name; ONNX Runtime and
 * TensorFlow bind by name.
 *
 * @param inputs the inputs
 * @param outputs the outputs
 */
public record Signature(List<TensorSpec> inputs, List<TensorSpec> outputs) {

  /** Copies the lists. */
  public Signature {
    inputs = List.copyOf(inputs);
    outputs = List.copyOf(outputs);
  }

  /**
   * Returns an input.
   *
   * @param name its name
   * @return the spec
   * @throws NoSuchElementException naming the inputs when there is none by that name
   */
  public TensorSpec input(String name) {
    return find(inputs, name, "input");
  }

  /**
   * Returns an output.
   *
   * @param name its name
   * @return the spec
   * @throws NoSuchElementException naming the outputs when there is none by that name
   */
  public TensorSpec output(String name) {
    return find(outputs, name, "output");
  }

  /**
   * Whether the signature has an input of that name.
   *
   * @param name a name
   * @return true when it has
   */
  public boolean hasInput(String name) {
    return inputs.stream().anyMatch(t -> t.name().equals(name));
  }

  /**
   * Whether the signature has an output of that name.
   *
   * @param name a name
   * @return true when it has
   */
  public boolean hasOutput(String name) {
    return outputs.stream().anyMatch(t -> t.name().equals(name));
  }

  /**
   * Returns the input names in order.
   *
   * @return the names
   */
  public List<String> inputNames() {
    return inputs.stream().map(TensorSpec::name).toList();
  }

  /**
   * Returns the output names in order.
   *
   * @return the names
   */
  public List<String> outputNames() {
    return outputs.stream().map(TensorSpec::name).toList();
  }

  private static TensorSpec find(List<TensorSpec> specs, String name, String what) {
    return specs.stream()
        .filter(t -> t.name().equals(name))
        .findFirst()
        .orElseThrow(
            () ->
                new NoSuchElementException(
                    "the signature has no "
                        + what
                        + " named "
                        + name
                        + "; its "
                        + what
                        + "s: "
                        + specs.stream().map(TensorSpec::name).collect(Collectors.joining(", "))));
  }
}
