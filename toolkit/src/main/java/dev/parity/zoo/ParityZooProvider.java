package dev.parity.zoo;

import ai.djl.repository.zoo.ModelZoo;
import ai.djl.repository.zoo.ZooProvider;
import dev.parity.file.MalformedFileException;
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
    } catch (MalformedFileException e) {
      // Failing here would break DJL's zoo discovery for every model in this JVM; one line says
      // why DJL will then find no Parity model.
      LoggerFactory.getLogger(ParityZooProvider.class)
          .warn("the Parity zoo cannot be opened: {}", e.getMessage());
      return ParityZoo.empty();
    } catch (IOException e) {
      LoggerFactory.getLogger(ParityZooProvider.class).debug("no Parity zoo: {}", e.getMessage());
      return ParityZoo.empty();
    }
  }
}
