package dev.parity.zoo;

import ai.djl.Application;
import ai.djl.repository.MRL;
import ai.djl.repository.Repository;
import ai.djl.repository.zoo.ModelZoo;
import dev.parity.engine.EngineName;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The models of one group of a zoo folder, served to DJL's {@code Criteria}: one artifact per
 * engine and version, every file verified by SHA-256 before an engine reads it. DJL keys zoos by
 * group; {@link ParityZooProvider} answers for every group the environment's zoo folder holds.
 */
public final class ParityZoo extends ModelZoo {

  /** The group of Parity's own models, and of the zoo DJL discovers first. */
  public static final String GROUP_ID = "dev.parity";

  private final ZooFolder folder;
  private final String groupId;

  /**
   * Opens the models of one group.
   *
   * @param folder the zoo folder
   * @param groupId the group, e.g. {@code acme}
   * @throws IOException if a metadata file cannot be read
   */
  public ParityZoo(ZooFolder folder, String groupId) throws IOException {
    this.folder = folder;
    this.groupId = groupId;
    Repository repository = Repository.newInstance("parity", folder.root());
    for (Path file : folder.metadataFiles()) {
      ZooMetadata meta = ZooMetadata.read(file);
      if (!groupId.equals(meta.groupId())) {
        continue;
      }
      MRL mrl =
          MRL.model(
              repository,
              Application.of(meta.application()),
              meta.groupId(),
              meta.artifactId(),
              null,
              meta.artifactId());
      addModel(new ParityModelLoader(mrl, file));
    }
  }

  /**
   * Returns the zoo folder.
   *
   * @return the folder
   */
  public ZooFolder folder() {
    return folder;
  }

  /**
   * Whether the group has any model.
   *
   * @return true when at least one model is served
   */
  public boolean isEmpty() {
    return getModelLoaders().isEmpty();
  }

  @Override
  public String getGroupId() {
    return groupId;
  }

  @Override
  public Set<String> getSupportedEngines() {
    return Arrays.stream(EngineName.values())
        .map(EngineName::djlName)
        .collect(Collectors.toCollection(LinkedHashSet::new));
  }
}
