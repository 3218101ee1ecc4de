package dev.parity.zoo;

import ai.djl.repository.zoo.ModelZoo;
import ai.djl.repository.zoo.ZooProvider;
import java.io.IOException;
import org.slf4j.LoggerFactory;

/** Lets DJL find {@link ParityZoo} through {@link java.util.ServiceLoader}. */
public final class ParityZooProvider implements ZooProvider {

  /** Called by ServiceLoader. */
  public ParityZooProvider() {}

  @Override
  public ModelZoo getModelZoo() {
    try {
      return ParityZoo.fromEnvironment();
    } catch (IOException e) {
      // Failing here would break DJL's zoo discovery for every model in this JVM.
      LoggerFactory.getLogger(ParityZooProvider.class).debug("no Parity zoo: {}", e.getMessage());
      return ParityZoo.empty();
    }
  }
}
