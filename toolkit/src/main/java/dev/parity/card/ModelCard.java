package dev.parity.card;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parity.engine.EngineName;
import dev.parity.file.JsonFields;
import dev.parity.file.JsonFile;
import dev.parity.file.MalformedFileException;
import dev.parity.tensor.Dtype;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A model card ({@code model-card.json}, schema {@value #SCHEMA}): the model's coordinates, its
 * task, its signature, how raw records become its inputs, and the file each engine runs. The format
 * is documented in {@code docs/model-card.md}. Reading rejects every key and value the format does
 * not define, naming the file and the key.
 *
 * @param id the model's coordinates
 * @param name a display name, or null
 * @param description what the model does, or null
 * @param preset a size preset label, or null
 * @param task what the outputs mean
 * @param signature the tensors the model takes and returns
 * @param features how raw records become inputs, or null when the model takes tensors only
 * @param files the file each engine runs, in engine order
 * @param architecture the purchase network's layout, or null
 * @param metrics free-form quality figures, or null
 * @param training free-form training record, or null
 * @param environment free-form environment record, or null
 */
public record ModelCard(
    ModelId id,
    String name,
    String description,
    String preset,
    Task task,
    Signature signature,
    Features features,
    Map<EngineName, CardFile> files,
    Architecture architecture,
    JsonNode metrics,
    JsonNode training,
    JsonNode environment) {

  /** The card format this reader understands. */
  public static final String SCHEMA = "parity.model-card/2";

  /** The previous format, recognised to say how to move. */
  public static final String SCHEMA_V1 = "parity.model-card/1";

  /** The card's file name in a model's folder. */
  public static final String FILE_NAME = "model-card.json";

  private static final String REMEDY = "see docs/model-card.md";
  private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

  /** Copies the files into an engine-ordered map. */
  public ModelCard {
    Map<EngineName, CardFile> ordered = new EnumMap<>(EngineName.class);
    ordered.putAll(files);
    files = Collections.unmodifiableMap(ordered);
  }

  /**
   * Reads and checks a card.
   *
   * @param file the {@code model-card.json}
   * @return the card
   * @throws MalformedFileException naming the file and the key for broken JSON, an unknown or
   *     missing key, a value of the wrong type or outside the allowed ones, or parts that disagree
   *     (a task output that is not in the signature, a field writing into a missing input, ...)
   * @throws IOException if the file cannot be read
   */
  public static ModelCard read(Path file) throws IOException {
    JsonFields root = JsonFields.root(file, JsonFile.read(file, REMEDY), REMEDY);
    String schema = root.string("schema");
    if (SCHEMA_V1.equals(schema)) {
      throw root.error(
          "schema",
          "this is a version 1 card; Parity reads "
              + SCHEMA
              + ", which declares the task, the signature and the file of each engine"
              + " (Parity's own models: scripts/parity model card rewrites them)");
    }
    if (!SCHEMA.equals(schema)) {
      throw root.error("schema", "expected " + SCHEMA + ", found '" + schema + "'");
    }
    JsonFields model = root.object("model");
    ModelId id;
    try {
      id =
          new ModelId(model.string("groupId"), model.string("artifactId"), model.string("version"));
    } catch (IllegalArgumentException e) {
      throw model.error(null, e.getMessage());
    }
    String name = model.optString("name");
    String description = model.optString("description");
    String preset = model.optString("preset");
    model.finish();

    Signature signature = signature(root.object("signature"));
    Task task = task(root.object("task"), signature);
    JsonFields featuresNode = root.optObject("features");
    Features features = featuresNode == null ? null : features(featuresNode, signature);
    Map<EngineName, CardFile> files = files(root.object("files"));
    JsonFields arch = root.optObject("architecture");
    Architecture architecture = arch == null ? null : architecture(arch, signature);
    JsonNode metrics = root.freeForm("metrics");
    JsonNode training = root.freeForm("training");
    JsonNode environment = root.freeForm("environment");
    root.finish();
    return new ModelCard(
        id,
        name,
        description,
        preset,
        task,
        signature,
        features,
        files,
        architecture,
        metrics,
        training,
        environment);
  }

  /**
   * Returns the file an engine runs.
   *
   * @param engine the engine
   * @return the file
   * @throws NoSuchElementException naming the engines the card lists when it lists none for this
   *     one
   */
  public CardFile file(EngineName engine) {
    CardFile f = files.get(engine);
    if (f == null) {
      throw new NoSuchElementException(
          id
              + " has no file for "
              + engine.cliName()
              + "; its card lists "
              + String.join(", ", engines().stream().map(EngineName::cliName).toList()));
    }
    return f;
  }

  /**
   * Returns the output a serving path reads: the task's output, else the first output.
   *
   * @return an output name of the signature
   */
  public String servingOutput() {
    return task.kind() == Task.Kind.NONE ? signature.outputNames().get(0) : task.output();
  }

  /**
   * Returns the engines the card lists files for.
   *
   * @return the engines, in Parity's engine order
   */
  public List<EngineName> engines() {
    return List.copyOf(files.keySet());
  }

  private static Signature signature(JsonFields node) throws MalformedFileException {
    List<TensorSpec> inputs = tensors(node, "inputs", true);
    List<TensorSpec> outputs = tensors(node, "outputs", false);
    Set<String> seen = new HashSet<>();
    for (TensorSpec t : inputs) {
      seen.add(t.name());
    }
    for (int i = 0; i < outputs.size(); i++) {
      if (!seen.add(outputs.get(i).name())) {
        throw node.error(
            "outputs[" + i + "].name",
            "'"
                + outputs.get(i).name()
                + "' is used twice; every input and output needs its own name");
      }
    }
    List<Tap> taps = node.has("taps") ? taps(node, seen) : List.of();
    node.finish();
    return new Signature(inputs, outputs, taps);
  }

  // Taps are tensors the file returns after its outputs; they take the same checks as outputs,
  // plus a label (the layer's name in reports), unique among taps.
  private static List<Tap> taps(JsonFields node, Set<String> seen) throws MalformedFileException {
    List<Tap> out = new ArrayList<>();
    Set<String> labels = new HashSet<>();
    for (JsonFields t : node.objects("taps")) {
      String name = name(t);
      if (!seen.add(name)) {
        throw t.error(
            "name", "'" + name + "' is used twice; every input, output and tap needs its own name");
      }
      String label = t.has("label") ? t.string("label") : name;
      if (label.isBlank()) {
        throw t.error("label", "must not be blank");
      }
      if (!labels.add(label)) {
        throw t.error("label", "'" + label + "' labels two taps; every tap needs its own label");
      }
      out.add(new Tap(label, tensor(t, name, false)));
    }
    return out;
  }

  private static List<TensorSpec> tensors(JsonFields node, String key, boolean inputs)
      throws MalformedFileException {
    List<JsonFields> list = node.objects(key);
    if (list.isEmpty()) {
      throw node.error(key, "needs at least one tensor");
    }
    List<TensorSpec> out = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (JsonFields t : list) {
      String name = name(t);
      if (!names.add(name)) {
        throw t.error("name", "'" + name + "' is used twice; every tensor needs its own name");
      }
      out.add(tensor(t, name, inputs));
    }
    return out;
  }

  private static String name(JsonFields t) throws MalformedFileException {
    String name = t.string("name");
    if (name.isBlank()) {
      throw t.error("name", "must not be blank");
    }
    return name;
  }

  // Reads the rest of one tensor's object (dtype, shape, an input's range) and finishes it.
  private static TensorSpec tensor(JsonFields t, String name, boolean input)
      throws MalformedFileException {
    Dtype dtype;
    try {
      dtype = Dtype.ofNumpyName(t.string("dtype"));
    } catch (IllegalArgumentException e) {
      throw t.error("dtype", e.getMessage());
    }
    List<Long> shape = t.integers("shape");
    IdRange range = null;
    if (input && t.has("range")) {
      List<Long> r = t.integers("range");
      if (r.size() != 2) {
        throw t.error("range", "expected [low, high], found " + r.size() + " numbers");
      }
      try {
        range = new IdRange(r.get(0), r.get(1));
      } catch (IllegalArgumentException e) {
        throw t.error("range", e.getMessage());
      }
    }
    t.finish();
    try {
      return new TensorSpec(name, dtype, shape, range);
    } catch (IllegalArgumentException e) {
      throw t.error(null, e.getMessage());
    }
  }

  private static final Map<String, Task.Kind> KINDS = choices(Task.Kind.values());
  private static final Map<String, Task.Scores> SCORES = choices(Task.Scores.values());

  private static Task task(JsonFields node, Signature signature) throws MalformedFileException {
    Task.Kind kind = node.choice("kind", KINDS);
    if (kind == Task.Kind.NONE) {
      node.finish();
      return new Task(kind, null, 0, 0, null, 0, List.of());
    }
    String output = node.string("output");
    if (!signature.hasOutput(output)) {
      throw node.error(
          "output",
          "'"
              + output
              + "' is not an output of the signature ("
              + String.join(", ", signature.outputNames())
              + ")");
    }
    TensorSpec out = signature.output(output);
    double threshold = 0;
    double precisionTarget = 0;
    Task.Scores scores = null;
    int classes = 0;
    List<String> labels = List.of();
    switch (kind) {
      case BINARY -> {
        Double t = node.optNumber("threshold");
        threshold = t == null ? 0.5 : t;
        if (!(threshold > 0 && threshold < 1)) {
          throw node.error("threshold", "expected a probability between 0 and 1, found " + t);
        }
        Double p = node.optNumber("precisionTarget");
        precisionTarget = p == null ? 0.5 : p;
        if (!(precisionTarget > 0 && precisionTarget <= 1)) {
          throw node.error("precisionTarget", "expected a precision in (0, 1], found " + p);
        }
        requireOneValuePerRecord(node, out, "binary");
      }
      case MULTICLASS -> {
        scores = node.choice("scores", SCORES);
        long c = node.integer("classes");
        if (c < 2 || c > 1_000_000) {
          throw node.error("classes", "expected at least 2 classes, found " + c);
        }
        classes = (int) c;
        if (node.has("labels")) {
          labels = node.strings("labels");
          if (labels.size() != classes) {
            throw node.error(
                "labels", "expected one name per class (" + classes + "), found " + labels.size());
          }
        }
        if (out.shape().size() != 2 || out.shape().get(1) != classes) {
          throw node.error(
              "output",
              "a multiclass output has shape [-1, "
                  + classes
                  + "], but "
                  + output
                  + " is "
                  + out.describe());
        }
        if (!out.dtype().isFloating()) {
          throw node.error("output", output + " must hold floats, not " + out.dtype().numpyName());
        }
      }
      case REGRESSION -> requireOneValuePerRecord(node, out, "regression");
      default -> throw new AssertionError(kind);
    }
    node.finish();
    return new Task(kind, output, threshold, precisionTarget, scores, classes, labels);
  }

  private static void requireOneValuePerRecord(JsonFields node, TensorSpec out, String kind)
      throws MalformedFileException {
    if (out.rowLength() != 1 || out.shape().size() > 2) {
      throw node.error(
          "output",
          "a "
              + kind
              + " output holds one value per record, shape [-1] or [-1, 1], but "
              + out.name()
              + " is "
              + out.describe());
    }
    if (!out.dtype().isFloating()) {
      throw node.error("output", out.name() + " must hold floats, not " + out.dtype().numpyName());
    }
  }

  private static final Map<String, Features.Kind> FIELD_KINDS = choices(Features.Kind.values());
  // The only rules both sides implement today: a value outside them is refused, never ignored.
  private static final Map<String, Boolean> LOWERCASE = Map.of("ascii", true);
  private static final Map<String, Boolean> MISSING = Map.of("empty", true);

  private static Features features(JsonFields node, Signature signature)
      throws MalformedFileException {
    List<JsonFields> list = node.objects("fields");
    if (list.isEmpty()) {
      throw node.error("fields", "needs at least one field");
    }
    List<Features.Field> fields = new ArrayList<>();
    Set<String> names = new HashSet<>();
    // input name -> which field fills each column, to find gaps and overlaps
    Map<String, String[]> columns = new LinkedHashMap<>();
    for (JsonFields f : list) {
      String name = f.string("name");
      if (!names.add(name)) {
        throw f.error("name", "'" + name + "' is used twice; every field needs its own name");
      }
      Features.Kind kind = f.choice("kind", FIELD_KINDS);
      String input = f.string("input");
      if (!signature.hasInput(input)) {
        throw f.error(
            "input",
            "'"
                + input
                + "' is not an input of the signature ("
                + String.join(", ", signature.inputNames())
                + ")");
      }
      TensorSpec spec = signature.input(input);
      long column = f.has("column") ? f.integer("column") : 0;
      int length;
      double defaultValue = 0;
      Features.Standardise standardise = null;
      switch (kind) {
        case BAG -> {
          long l = f.integer("length");
          if (l < 1 || l > 1_000_000) {
            throw f.error("length", "a bag needs a length of at least 1, found " + l);
          }
          length = (int) l;
        }
        case TOKEN -> {
          Long l = f.optInteger("length");
          if (l != null && l != 1) {
            throw f.error("length", "a token field fills one column; leave length out or set 1");
          }
          length = 1;
        }
        case NUMERIC -> {
          length = 1;
          Double d = f.optNumber("default");
          defaultValue = d == null ? 0 : d;
          JsonFields s = f.optObject("standardise");
          if (s != null) {
            double mean = s.number("mean");
            double std = s.number("std");
            if (!(std > 0)) {
              throw s.error("std", "must be positive, found " + std);
            }
            s.finish();
            standardise = new Features.Standardise(mean, std);
          }
        }
        default -> throw new AssertionError(kind);
      }
      if (kind == Features.Kind.NUMERIC && !spec.dtype().isFloating()) {
        throw f.error(
            "input",
            "a numeric field writes into a float input, but "
                + input
                + " is "
                + spec.dtype().numpyName());
      }
      if (kind != Features.Kind.NUMERIC) {
        if (!spec.dtype().isInteger()) {
          throw f.error(
              "input",
              "a "
                  + kind.name().toLowerCase(java.util.Locale.ROOT)
                  + " field writes ids into an integer input, but "
                  + input
                  + " is "
                  + spec.dtype().numpyName());
        }
        if (spec.range() == null) {
          throw f.error(
              "input",
              "input "
                  + input
                  + " receives ids, so the signature must give its range (ids are bound-checked"
                  + " before any engine sees them)");
        }
      }
      if (spec.shape().size() > 2) {
        throw f.error(
            "input",
            "fields write into inputs of shape [-1] or [-1, n], but "
                + input
                + " is "
                + spec.describe());
      }
      int width = spec.rowLength();
      if (column < 0 || column + length > width) {
        throw f.error(
            "column",
            "columns ["
                + column
                + ", "
                + (column + length)
                + ") do not fit input "
                + input
                + ", which has "
                + width
                + " per record");
      }
      String[] owners = columns.computeIfAbsent(input, k -> new String[width]);
      for (int c = (int) column; c < column + length; c++) {
        if (owners[c] != null) {
          throw f.error(
              "column",
              "column " + c + " of input " + input + " is already filled by field " + owners[c]);
        }
        owners[c] = name;
      }
      f.finish();
      fields.add(
          new Features.Field(name, kind, input, (int) column, length, defaultValue, standardise));
    }
    for (Map.Entry<String, String[]> e : columns.entrySet()) {
      String[] owners = e.getValue();
      for (int c = 0; c < owners.length; c++) {
        if (owners[c] == null) {
          throw node.error(
              "fields",
              "column "
                  + c
                  + " of input "
                  + e.getKey()
                  + " is filled by no field; every column of an input the features write must be"
                  + " filled once");
        }
      }
    }
    boolean tokens = fields.stream().anyMatch(f -> f.kind() != Features.Kind.NUMERIC);
    String vocabulary = null;
    int padding = 0;
    int oov = 0;
    int first = 0;
    Features.Normalisation normalisation = null;
    if (tokens) {
      vocabulary = relativePath(node, "vocabulary", node.string("vocabulary"));
      padding = smallInt(node, "paddingIndex");
      oov = smallInt(node, "oovIndex");
      first = smallInt(node, "firstTokenIndex");
      if (first <= Math.max(padding, oov)) {
        throw node.error(
            "firstTokenIndex",
            "the first token's id must come after paddingIndex and oovIndex, found " + first);
      }
      JsonFields n = node.object("normalisation");
      String trim = n.string("trimCharacters");
      for (char c : trim.toCharArray()) {
        if (c >= 128) {
          throw n.error(
              "trimCharacters",
              "must be ASCII characters; found U+" + String.format("%04X", (int) c));
        }
      }
      boolean lower = n.choice("lowercase", LOWERCASE);
      boolean drop = n.bool("dropEmptyTokens");
      if (!drop) {
        throw n.error(
            "dropEmptyTokens",
            "false is not supported: tokens empty after trimming are always dropped, on both"
                + " sides; set true");
      }
      n.choice("missingField", MISSING);
      List<String> rules = n.has("rules") ? n.strings("rules") : List.of();
      n.finish();
      normalisation = new Features.Normalisation(trim, lower, drop, rules);
    }
    node.finish();
    return new Features(fields, vocabulary, padding, oov, first, normalisation);
  }

  private static int smallInt(JsonFields node, String key) throws MalformedFileException {
    long v = node.integer(key);
    if (v < 0 || v > 1_000_000) {
      throw node.error(key, "expected an id from 0 to 1000000, found " + v);
    }
    return (int) v;
  }

  private static Map<EngineName, CardFile> files(JsonFields node) throws MalformedFileException {
    Map<EngineName, CardFile> out = new EnumMap<>(EngineName.class);
    for (String key : node.keys()) {
      EngineName engine = null;
      for (EngineName e : EngineName.values()) {
        if (e.cliName().equals(key)) {
          engine = e;
        }
      }
      if (engine == null) {
        node.raw(key);
        throw node.error(
            key,
            "unknown engine; files are listed under "
                + String.join(
                    ", ",
                    java.util.Arrays.stream(EngineName.values())
                        .map(EngineName::cliName)
                        .toList()));
      }
      JsonNode value = node.raw(key);
      CardFile file;
      if (value.isTextual()) {
        file = new CardFile(relativePath(node, key, value.textValue()), null, -1, null);
      } else {
        JsonFields f = node.objectValue(key, value);
        String path = relativePath(f, "path", f.string("path"));
        String sha = f.optString("sha256");
        if (sha != null && !SHA256.matcher(sha).matches()) {
          throw f.error("sha256", "expected 64 lower-case hex digits, found '" + sha + "'");
        }
        Long size = f.optInteger("size");
        if (size != null && size < 0) {
          throw f.error("size", "must not be negative");
        }
        String factory = f.optString("blockFactory");
        if (factory != null && engine != EngineName.MXNET) {
          throw f.error("blockFactory", "only an mxnet file is built by a block factory");
        }
        f.finish();
        file = new CardFile(path, sha, size == null ? -1 : size, factory);
      }
      out.put(engine, file);
    }
    if (out.isEmpty()) {
      throw node.error(null, "lists no file; a model needs at least one engine's file");
    }
    return out;
  }

  private static String relativePath(JsonFields node, String key, String path)
      throws MalformedFileException {
    Path p;
    try {
      p = Path.of(path);
    } catch (java.nio.file.InvalidPathException e) {
      throw node.error(key, "'" + path + "' is not a valid path");
    }
    if (path.isBlank() || p.isAbsolute() || p.normalize().startsWith("..")) {
      throw node.error(
          key, "'" + path + "' must be a path inside the card's folder, relative to it");
    }
    return path;
  }

  private static final Map<String, String> POOLING = Map.of(Architecture.POOLING, "");
  private static final Map<String, String> ACTIVATION = Map.of(Architecture.ACTIVATION, "");
  private static final Map<String, String> OUTPUT = Map.of(Architecture.OUTPUT, "");

  private static Architecture architecture(JsonFields node, Signature signature)
      throws MalformedFileException {
    long dim = node.integer("embeddingDim");
    if (dim < 1) {
      throw node.error("embeddingDim", "must be at least 1, found " + dim);
    }
    node.choice("pooling", POOLING);
    List<Integer> hidden = new ArrayList<>();
    for (long h : node.integers("hidden")) {
      if (h < 1) {
        throw node.error("hidden", "every width must be at least 1, found " + h);
      }
      hidden.add((int) h);
    }
    node.choice("activation", ACTIVATION);
    node.choice("output", OUTPUT);
    // The network's inputs and outputs in the architecture's words; the signature is the contract,
    // so they must say the same.
    if (node.has("inputs") && !node.strings("inputs").equals(signature.inputNames())) {
      throw node.error(
          "inputs", "must list the signature's inputs in order, " + signature.inputNames());
    }
    if (node.has("outputs") && !node.strings("outputs").equals(signature.outputNames())) {
      throw node.error(
          "outputs", "must list the signature's outputs in order, " + signature.outputNames());
    }
    JsonFields shapes = node.optObject("outputShapes");
    if (shapes != null) {
      for (String key : shapes.keys()) {
        if (!signature.hasOutput(key)) {
          throw shapes.error(key, "is not an output of the signature");
        }
        shapes.string(key);
      }
      shapes.finish();
    }
    String formula = node.optString("formula");
    node.finish();
    return new Architecture((int) dim, hidden, formula);
  }

  private static <E extends Enum<E>> Map<String, E> choices(E[] values) {
    Map<String, E> m = new LinkedHashMap<>();
    for (E e : values) {
      m.put(e.name().toLowerCase(java.util.Locale.ROOT), e);
    }
    return Collections.unmodifiableMap(m);
  }
}
