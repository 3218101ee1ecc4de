package dev.parity.card;

import java.util.List;
import java.util.NoSuchElementException;
import java.util.stream.Collectors;

/**
 * The tensors a model file takes and returns, in order: TorchScript takes the inputs positionally
 * in this order and returns a tensor, a tuple (flattened, as DJL does) in output order then tap
 * order, or a dict by name; ONNX Runtime and TensorFlow bind by name.
 *
 * @param inputs the inputs
 * @param outputs the outputs
 * @param taps intermediate tensors the file returns after its outputs, in pipeline order; empty
 *     when the card lists none
 */
public record Signature(List<TensorSpec> inputs, List<TensorSpec> outputs, List<Tap> taps) {

  /** Copies the lists. */
  public Signature {
    inputs = List.copyOf(inputs);
    outputs = List.copyOf(outputs);
    taps = List.copyOf(taps);
  }

  /**
   * A signature without taps.
   *
   * @param inputs the inputs
   * @param outputs the outputs
   */
  public Signature(List<TensorSpec> inputs, List<TensorSpec> outputs) {
    this(inputs, outputs, List.of());
  }

  /**
   * Returns everything the model file returns: the outputs, then the taps.
   *
   * @return the tensors in the order a TorchScript tuple or an MXNet block returns them
   */
  public List<TensorSpec> returned() {
    List<TensorSpec> all = new java.util.ArrayList<>(outputs);
    taps.forEach(t -> all.add(t.tensor()));
    return all;
  }

  /**
   * Returns the names of everything the model file returns: the outputs, then the taps.
   *
   * @return the names
   */
  public List<String> returnedNames() {
    return returned().stream().map(TensorSpec::name).toList();
  }

  /**
   * Returns an output or a tap by name.
   *
   * @param name its name
   * @return the spec
   * @throws NoSuchElementException naming the outputs and taps when there is none by that name
   */
  public TensorSpec returned(String name) {
    return find(returned(), name, "output or tap", "outputs and taps");
  }

  /**
   * Returns a tap.
   *
   * @param name the tap's tensor name
   * @return the tap
   * @throws NoSuchElementException naming the taps when there is none by that name
   */
  public Tap tap(String name) {
    return taps.stream()
        .filter(t -> t.name().equals(name))
        .findFirst()
        .orElseThrow(
            () ->
                new NoSuchElementException(
                    "the signature has no tap named "
                        + name
                        + (taps.isEmpty()
                            ? "; it lists no taps"
                            : "; its taps: " + String.join(", ", tapNames()))));
  }

  /**
   * Whether the signature has a tap of that name.
   *
   * @param name a name
   * @return true when it has
   */
  public boolean hasTap(String name) {
    return taps.stream().anyMatch(t -> t.name().equals(name));
  }

  /**
   * Returns the tap names in pipeline order.
   *
   * @return the names
   */
  public List<String> tapNames() {
    return taps.stream().map(Tap::name).toList();
  }

  /**
   * Returns an input.
   *
   * @param name its name
   * @return the spec
   * @throws NoSuchElementException naming the inputs when there is none by that name
   */
  public TensorSpec input(String name) {
    return find(inputs, name, "input", "inputs");
  }

  /**
   * Returns an output.
   *
   * @param name its name
   * @return the spec
   * @throws NoSuchElementException naming the outputs when there is none by that name
   */
  public TensorSpec output(String name) {
    return find(outputs, name, "output", "outputs");
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

  private static TensorSpec find(List<TensorSpec> specs, String name, String what, String plural) {
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
                        + plural
                        + ": "
                        + specs.stream().map(TensorSpec::name).collect(Collectors.joining(", "))));
  }
}
