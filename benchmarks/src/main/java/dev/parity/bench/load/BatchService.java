package dev.parity.bench.load;

import java.util.List;

/**
 * The server side of a load run: what each micro-batch goes through, in three steps that the runner
 * times separately. Called from several server threads at once when the run has more than one.
 *
 * @param <I> the model's inputs for a batch (e.g. encoded ids)
 * @param <O> the model's outputs for a batch (e.g. scores)
 */
public interface BatchService<I, O> {

  /**
   * Translation: turns the batch's requests into the model's inputs.
   *
   * @param batch the requests, at most the run's max batch
   * @return the inputs
   */
  I translate(List<LoadRequest> batch);

  /**
   * The engine call.
   *
   * @param inputs what {@link #translate} returned
   * @return the outputs
   * @throws Exception if the engine fails; the run stops and reports it
   */
  O infer(I inputs) throws Exception;

  /**
   * Output: copies each request's answer out of the outputs ({@link LoadRequest#setResult}).
   *
   * @param outputs what {@link #infer} returned
   * @param batch the same requests, in the same order
   */
  void deliver(O outputs, List<LoadRequest> batch);
}
