package dev.parity.zoo;

import ai.djl.repository.zoo.ModelZoo;
import ai.djl.repository.zoo.ZooProvider;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Lets DJL find {@link ParityZoo} through {@link java.util.ServiceLoader}. */
public final class ParityZooProvider implements ZooProvider {

  /** Called by ServiceLoader. */
  public ParityZooProvider() {}

  @Override
  public ModelZoo getModelZoo() {
    try {
      return ParityZoo.fromEnvironment();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
