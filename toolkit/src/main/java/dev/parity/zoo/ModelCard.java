package dev.parity.zoo;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.parity.file.DocumentReader;
import dev.parity.file.MalformedFileException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.stream.Collectors;

/**
 * What the Python side says about an exported model ({@code model-card.json}): its coordinates, the
 * input features and how raw tokens become ids, the network's shape, its holdout metrics and every
 * artifact file with its SHA-256.
 *
 * @param schema the card format, {@value #SCHEMA}
 * @param model the model's coordinates in the zoo
 * @param features the input fields and the pre-processing contract
 * @param architecture the network's layout
 * @param metrics the quality measured by the Python side
 * @param files every artifact file, relative to the card's folder
 */
public record ModelCard(
    String schema,
    Model model,
    Features features,
    Architecture architecture,
    Metrics metrics,
    List<FileEntry> files) {

  /** The only card format this reader understands. */
  public static final String SCHEMA = "parity.model-card/1";

  /** What to do when a listed file fails verification. */
  public static final String REMEDY =
      "regenerate with scripts/parity model export or restore the file from git";

  // Unknown properties are ignored so that the Python side can add fields without breaking us.
  private static final ObjectMapper JSON =
      JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

  /** Normalises absent lists to empty ones. */
  public ModelCard {
    files = files == null ? List.of() : List.copyOf(files);
  }

  /**
   * Reads a card.
   *
   * @param cardFile the {@code model-card.json} file
   * @return the card
   * @throws MalformedFileException if the file is not valid JSON, holds a value of the wrong type
   *     or is not a {@value #SCHEMA} card
   * @throws IOException if the file cannot be read
   */
  public static ModelCard read(Path cardFile) throws IOException {
    ModelCard card = DocumentReader.of(JSON).read(cardFile, ModelCard.class, REMEDY);
    DocumentReader.checkSchema(cardFile, SCHEMA, card.schema(), REMEDY);
    return card;
  }

  /**
   * Checks every listed file against its recorded size and SHA-256.
   *
   * @param cardFolder the folder holding {@code model-card.json}
   * @throws ArtifactIntegrityException for the first file that is missing or differs
   * @throws IOException if a file exists but cannot be read
   */
  public void verifyFiles(Path cardFolder) throws ArtifactIntegrityException, IOException {
    for (FileEntry file : files) {
      file.verifyIn(cardFolder, REMEDY);
    }
  }

  /**
   * Returns the file with a role.
   *
   * @param role e.g. {@code torchscript}
   * @return the first file listed with that role
   * @throws NoSuchElementException if none has it; the message lists the roles present
   */
  public FileEntry file(String role) {
    return files.stream()
        .filter(f -> f.role().equals(role))
        .findFirst()
        .orElseThrow(
            () ->
                new NoSuchElementException(
                    "model card lists no file with role "
                        + role
                        + "; roles present: "
                        + files.stream().map(FileEntry::role).collect(Collectors.joining(", "))));
  }

  /**
   * The model's coordinates in the zoo.
   *
   * @param groupId e.g. {@code dev.parity}
   * @param artifactId e.g. {@code purchase}
   * @param version e.g. {@code 1.0.0}
   * @param preset the size preset it was trained with, e.g. {@code small}
   */
  public record Model(String groupId, String artifactId, String version, String preset) {}

  /**
   * The input fields and the contract that turns raw tokens into ids.
   *
   * @param fields the input fields, in the order the network takes them
   * @param paddingIndex the id that fills unused positions
   * @param oovIndex the id of tokens missing from the vocabulary
   * @param firstTokenIndex the id of the first vocabulary token
   * @param normalisation how raw tokens are cleaned before lookup
   * @param vocabulary the vocabulary file, relative to the card's folder
   * @param indexDtype the numpy dtype of the ids the network takes, e.g. {@code int64}
   */
  public record Features(
      List<Field> fields,
      int paddingIndex,
      int oovIndex,
      int firstTokenIndex,
      Normalisation normalisation,
      String vocabulary,
      String indexDtype) {

    /** Normalises absent lists to empty ones. */
    public Features {
      fields = fields == null ? List.of() : List.copyOf(fields);
    }

    /**
     * Returns the field with a name.
     *
     * @param name e.g. {@code app_packages}
     * @return the field
     * @throws NoSuchElementException if there is none; the message lists the fields present
     */
    public Field field(String name) {
      return fields.stream()
          .filter(f -> f.name().equals(name))
          .findFirst()
          .orElseThrow(
              () ->
                  new NoSuchElementException(
                      "model card has no field "
                          + name
                          + "; fields present: "
                          + fields.stream().map(Field::name).collect(Collectors.joining(", "))));
    }
  }

  /**
   * One categorical input.
   *
   * @param name the raw record's field name
   * @param kind whether it holds one token or a bag of them
   * @param length how many ids the network takes: bags are truncated or padded to it
   * @param vocabSize the number of ids, padding and out-of-vocabulary included; ids lie in {@code
   *     [0, vocabSize)}
   */
  public record Field(String name, Kind kind, int length, int vocabSize) {}

  /** Whether a field holds one token or several. */
  public enum Kind {
    /** A bag of tokens, e.g. the installed app packages. */
    @JsonProperty("bag")
    BAG,
    /** A single token, e.g. the device model. */
    @JsonProperty("token")
    TOKEN
  }

  /**
   * How raw tokens are cleaned before lookup; Java and Python must apply the same rules.
   *
   * @param trimCharacters the characters stripped from both ends of a token
   * @param lowercase which characters are lower-cased, e.g. {@code ascii}
   * @param dropEmptyTokens whether tokens empty after trimming are dropped
   * @param missingField how a missing field is treated, e.g. {@code empty}
   * @param rules the rules in words, as the Python side documents them
   */
  public record Normalisation(
      String trimCharacters,
      String lowercase,
      boolean dropEmptyTokens,
      String missingField,
      List<String> rules) {

    /** Normalises absent lists to empty ones. */
    public Normalisation {
      rules = rules == null ? List.of() : List.copyOf(rules);
    }
  }

  /**
   * The network's layout.
   *
   * @param embeddingDim the width of every field's embedding
   * @param pooling how a bag's embeddings are combined, e.g. {@code masked-mean}
   * @param hidden the widths of the hidden layers
   * @param activation the hidden layers' activation, e.g. {@code relu}
   * @param output the output activation, e.g. {@code sigmoid}
   * @param inputs the network's input names, in order
   * @param outputs the network's output names, in order
   */
  public record Architecture(
      int embeddingDim,
      String pooling,
      List<Integer> hidden,
      String activation,
      String output,
      List<String> inputs,
      List<String> outputs) {

    /** Normalises absent lists to empty ones. */
    public Architecture {
      hidden = hidden == null ? List.of() : List.copyOf(hidden);
      inputs = inputs == null ? List.of() : List.copyOf(inputs);
      outputs = outputs == null ? List.of() : List.copyOf(outputs);
    }
  }

  /**
   * The quality the Python side measured.
   *
   * @param holdout metrics on the held-out records
   */
  public record Metrics(Holdout holdout) {}

  /**
   * Metrics on the held-out records.
   *
   * @param records how many records were held out
   * @param precisionTarget the precision at which recall is reported
   * @param network the network's quality
   * @param logisticBaseline a logistic regression's quality, as a floor the network must beat
   */
  public record Holdout(
      long records, double precisionTarget, Quality network, Quality logisticBaseline) {}

  /**
   * A classifier's quality.
   *
   * @param auc the area under the ROC curve
   * @param recallAtPrecision the recall at {@link Holdout#precisionTarget()}
   */
  public record Quality(double auc, double recallAtPrecision) {}

  /**
   * An artifact file.
   *
   * @param path relative to the card's folder
   * @param role what the file is for, e.g. {@code torchscript} or {@code onnx}
   * @param sha256 the SHA-256 of its contents
   * @param size its size in bytes
   */
  public record FileEntry(String path, String role, String sha256, long size)
      implements ChecksummedFile {}
}
