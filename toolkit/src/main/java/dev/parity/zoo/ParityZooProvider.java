package dev.parity.zoo;

import ai.djl.repository.zoo.ModelZoo;
import ai.djl.repository.zoo.ZooProvider;
import java.io.IOException;
import java.util.Set;
import org.slf4j.LoggerFactory;

/**
 * Lets DJL find Parity's zoo through {@link java.util.ServiceLoader}: serves {@value
 * ParityZoo#GROUP_ID} and, through DJL's zoo resolver, every other group the environment's zoo
 * folder holds ({@code Criteria.builder().optGroupId("acme")} finds {@code acme}'s models).
 */
public final class ParityZooProvider implements ZooProvider {

  /** Called by ServiceLoader. */
  public ParityZooProvider() {}

  @Override
  public ModelZoo getModelZoo() {
    ZooFolder folder;
    try {
      folder = ZooFolder.open(ZooFolder.defaultRoot());
    } catch (IOException e) {
      LoggerFactory.getLogger(ParityZooProvider.class).debug("no Parity zoo: {}", e.getMessage());
      return new EmptyZoo();
    }
    ModelZoo.setModelZooResolver(
        groupId -> {
          try {
            ParityZoo zoo = new ParityZoo(folder, groupId);
            return zoo.isEmpty() ? null : zoo;
          } catch (IOException e) {
            LoggerFactory.getLogger(ParityZooProvider.class)
                .debug("Parity zoo {} cannot serve {}: {}", folder, groupId, e.getMessage());
            return null;
          }
        });
    try {
      return new ParityZoo(folder, ParityZoo.GROUP_ID);
    } catch (IOException e) {
      // Failing here would break DJL's zoo discovery for every model in this JVM; one line says
      // why DJL will then find no Parity model.
      LoggerFactory.getLogger(ParityZooProvider.class)
          .warn("the Parity zoo cannot be opened: {}", e.getMessage());
      return new EmptyZoo();
    }
  }

  /** The zoo DJL gets when no zoo folder is configured: it serves nothing. */
  static final class EmptyZoo extends ModelZoo {
    @Override
    public String getGroupId() {
      return ParityZoo.GROUP_ID;
    }

    @Override
    public Set<String> getSupportedEngines() {
      return Set.of();
    }
  }
}
