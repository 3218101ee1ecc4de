package dev.parity.spark;

import dev.parity.card.ModelId;
import dev.parity.zoo.ArtifactSpec;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Synthetic raw purchase records at any scale, for benchmarks: a Java port of the distribution of
 * {@code scripts/purchase/generator.py} (small preset universes), generated in parallel and
 * deterministically by seed.
 *
 * <p>What is the same as Python: every constant, read from the file Python reads ({@code
 * scripts/purchase/generator.json}, see {@link GeneratorConstants}): the small preset's universe
 * sizes, the Zipf exponents, the name parts (so most tokens hit the committed vocabulary), bag
 * sizes (apps: empty or a clipped log-normal; campaigns: empty or a clipped geometric) with
 * distinct tokens per bag, the mess (upper and title case, leading and trailing whitespace, blank
 * tokens), novel app packages and null fields. Canonical token names are built like Python's {@code
 * _names}.
 *
 * <p>What differs: the random streams (a {@link SplittableRandom} per record, seeded from the seed
 * and the record's index, instead of numpy's one stream), so records are not bit-identical to
 * Python's; no labels; a missing carrier is written as null (Parquet has a fixed schema); title
 * case treats every letter as cased; a bag drawn with size 0 is empty here, while Python's {@code
 * _distinct} keeps that bag's (up to {@code extraDraws}) distinct draws, so Python's bags are never
 * empty from that draw. Record {@code i} is the same for a given seed whatever the number of
 * partitions.
 */
public final class SyntheticRecords {

  /** The Parquet schema written: the model's raw input as an upstream job hands it over. */
  public static final StructType SCHEMA =
      new StructType()
          .add(Scored.ID, DataTypes.StringType, false)
          .add("device_model", DataTypes.StringType, true)
          .add("app_packages", DataTypes.createArrayType(DataTypes.StringType, false), true)
          .add("campaigns", DataTypes.createArrayType(DataTypes.StringType, false), true)
          .add("carrier", DataTypes.StringType, true);

  /** The generator's constants, shared with {@code scripts/purchase/generator.py}. */
  static final GeneratorConstants CONSTANTS = GeneratorConstants.load();

  private static volatile Universe universe;

  private SyntheticRecords() {}

  /**
   * Refuses to run a model other than the purchase model on generated records: the generator writes
   * purchase records only, so such a model needs records to repeat ({@link ReplayedRecords}).
   *
   * @param model the model
   * @param input the records to repeat, or null
   * @param command the subcommand, for the message
   * @throws IllegalArgumentException if the model is not the purchase model and no input is given
   */
  static void requireInputUnlessPurchase(ModelId model, java.nio.file.Path input, String command) {
    if (input == null && !model.name().equals(ArtifactSpec.DEFAULT_MODEL)) {
      throw new IllegalArgumentException(
          "parity spark "
              + command
              + " generates purchase records only; for "
              + model
              + " pass --input FILE with its records, e.g. reference-outputs/"
              + model.groupId()
              + "/"
              + model.artifactId()
              + "/records.jsonl.gz");
    }
  }

  /**
   * Generates records as a Dataset of {@link #SCHEMA}, lazily.
   *
   * @param spark the session
   * @param records how many records, at least 1
   * @param seed the seed: the same seed gives the same records
   * @param partitions how many partitions to generate in parallel, at least 1
   * @return the records, ids {@code syn-0000000000} upwards
   */
  public static Dataset<Row> generate(SparkSession spark, long records, long seed, int partitions) {
    if (records < 1) {
      throw new IllegalArgumentException("records must be at least 1, found " + records);
    }
    if (partitions < 1) {
      throw new IllegalArgumentException("partitions must be at least 1, found " + partitions);
    }
    MapPartitionsFunction<Long, Row> toRecords = indices -> new RecordIterator(indices, seed);
    return spark.range(0, records, 1, partitions).mapPartitions(toRecords, Encoders.row(SCHEMA));
  }

  /**
   * Parquet's dictionary page limit for the records written here. Parquet's default (1 MiB) is
   * smaller than a row group's distinct app tokens (the 0.5% novel apps are nearly all distinct),
   * so the writer would give up dictionary encoding part way through; 16 MiB keeps token columns
   * dictionary-encoded, as a data team tuning its Parquet would. The job reads either encoding.
   */
  static final String DICTIONARY_PAGE_SIZE = String.valueOf(16 << 20);

  /**
   * Generates records and writes them as Parquet (snappy, token columns dictionary-encoded),
   * replacing {@code output}.
   *
   * @param spark the session
   * @param records how many records
   * @param seed the seed
   * @param partitions how many partitions (and files)
   * @param output the folder to write
   */
  public static void write(
      SparkSession spark, long records, long seed, int partitions, String output) {
    write(spark, records, seed, partitions, output, true);
  }

  /**
   * As {@link #write(SparkSession, long, long, int, String)}, choosing the string encoding.
   *
   * @param spark the session
   * @param records how many records
   * @param seed the seed
   * @param partitions how many partitions (and files)
   * @param output the folder to write
   * @param dictionary whether token columns are dictionary-encoded (else plain)
   */
  public static void write(
      SparkSession spark,
      long records,
      long seed,
      int partitions,
      String output,
      boolean dictionary) {
    generate(spark, records, seed, partitions)
        .write()
        .mode(SaveMode.Overwrite)
        .option("parquet.enable.dictionary", String.valueOf(dictionary))
        .option("parquet.dictionary.page.size", DICTIONARY_PAGE_SIZE)
        .parquet(output);
  }

  /**
   * Builds record {@code index} of the stream for {@code seed}.
   *
   * @param seed the seed
   * @param index the record's index
   * @return a row of {@link #SCHEMA}
   */
  static Row record(long seed, long index) {
    Universe u = universe();
    GeneratorConstants c = CONSTANTS;
    SplittableRandom rng = new SplittableRandom(mix(seed, index));
    int device = u.draw(u.deviceCdf, rng);
    int carrier = u.draw(u.carrierCdf, rng);
    int appCount =
        rng.nextDouble() < c.appsEmpty
            ? 0
            : (int)
                Math.max(
                    c.appsMin,
                    Math.min(
                        c.appsMax,
                        Math.rint(
                            Math.exp(
                                Math.log(c.appsLogNormalMedian)
                                    + c.appsLogNormalSigma * gaussian(rng)))));
    int campaignCount =
        rng.nextDouble() < c.campaignsEmpty
            ? 0
            : (int)
                Math.max(
                    c.campaignsMin,
                    Math.min(c.campaignsMax, geometric(rng, c.campaignsGeometricP)));
    int[] apps = distinct(u, u.appCdf, rng, appCount);
    int[] campaigns = distinct(u, u.campaignCdf, rng, campaignCount);

    String[] appTokens = new String[apps.length];
    for (int j = 0; j < apps.length; j++) {
      String token;
      if (rng.nextDouble() < c.novelApps) {
        token =
            c.appPrefixes[j % c.appPrefixes.length]
                + "."
                + word(c.apps + (long) (rng.nextDouble() * c.novelWordSpread))
                + "."
                + c.novelSuffix;
      } else {
        token = u.appNames[apps[j]];
      }
      appTokens[j] = mess(token, rng);
    }
    String[] campaignTokens = new String[campaigns.length];
    for (int j = 0; j < campaigns.length; j++) {
      campaignTokens[j] = mess(u.campaignNames[campaigns[j]], rng);
    }
    String deviceToken = mess(u.deviceNames[device], rng);
    String carrierToken = mess(u.carrierNames[carrier], rng);
    if (rng.nextDouble() < c.nullDevice) {
      deviceToken = null;
    }
    if (rng.nextDouble() < c.nullApps) {
      appTokens = null;
    }
    if (rng.nextDouble() < c.nullCampaigns) {
      campaignTokens = null;
    }
    // Python writes null or leaves the field out; Parquet's fixed schema has only null for both.
    if (rng.nextDouble() < c.nullCarrier || rng.nextDouble() < c.missingCarrier) {
      carrierToken = null;
    }
    return RowFactory.create(
        String.format(Locale.ROOT, "syn-%010d", index),
        deviceToken,
        appTokens,
        campaignTokens,
        carrierToken);
  }

  // Distinct tokens for one bag, drawn in popularity order like Python's _distinct.
  private static int[] distinct(Universe u, double[] cdf, SplittableRandom rng, int size) {
    Set<Integer> seen = new LinkedHashSet<>();
    int draws = (int) (size * CONSTANTS.drawsPerToken) + CONSTANTS.extraDraws;
    for (int i = 0; i < draws && seen.size() < size; i++) {
      seen.add(u.draw(cdf, rng));
    }
    return seen.stream().mapToInt(Integer::intValue).toArray();
  }

  private static String mess(String token, SplittableRandom rng) {
    GeneratorConstants c = CONSTANTS;
    double r0 = rng.nextDouble();
    double r1 = rng.nextDouble();
    double r2 = rng.nextDouble();
    if (r0 < c.upperCaseBelow) {
      token = token.toUpperCase(Locale.ROOT);
    } else if (r0 < c.titleCaseBelow) {
      token = titleCase(token);
    }
    if (r1 < c.leadingPadBelow) {
      token = c.pads[(int) (r2 * c.pads.length)] + token;
    } else if (r1 < c.trailingPadBelow) {
      token = token + c.pads[(int) (r2 * c.pads.length)];
    } else if (r1 < c.blankTokenBelow) {
      token = c.blanks[(int) (r2 * c.blanks.length)];
    }
    return token;
  }

  /**
   * Python's {@code str.title()}, treating every letter as cased: a letter after a letter is lower
   * case, any other letter upper case.
   *
   * @param s a string
   * @return the title-cased string
   */
  static String titleCase(String s) {
    StringBuilder out = new StringBuilder(s.length());
    boolean afterLetter = false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isLetter(c)) {
        out.append(afterLetter ? Character.toLowerCase(c) : Character.toUpperCase(c));
        afterLetter = true;
      } else {
        out.append(c);
        afterLetter = false;
      }
    }
    return out.toString();
  }

  /**
   * Python's {@code _word}: a number written as consonant-vowel syllables.
   *
   * @param n a non-negative number
   * @return the word, e.g. {@code ba} for 0
   */
  static String word(long n) {
    String consonants = CONSTANTS.consonants;
    String vowels = CONSTANTS.vowels;
    int base = consonants.length() * vowels.length();
    List<String> syllables = new ArrayList<>();
    do {
      int d = (int) (n % base);
      n /= base;
      syllables.add(
          "" + consonants.charAt(d / vowels.length()) + vowels.charAt(d % vowels.length()));
    } while (n != 0);
    StringBuilder out = new StringBuilder();
    for (int i = syllables.size() - 1; i >= 0; i--) {
      out.append(syllables.get(i));
    }
    return out.toString();
  }

  /**
   * Python's {@code _names}: the canonical token of rank {@code r} in a field's universe.
   *
   * @param field one of the model's fields
   * @param r the popularity rank, from 0
   * @return the token
   */
  static String name(String field, int r) {
    GeneratorConstants c = CONSTANTS;
    return switch (field) {
      case "app_packages" ->
          c.appPrefixes[r % c.appPrefixes.length]
              + "."
              + word(r)
              + "."
              + c.appSuffixes[(int) ((r * 7919L) % c.appSuffixes.length)];
      case "campaigns" -> String.format(Locale.ROOT, "cmp-%07d", r);
      case "device_model" ->
          c.brands[r % c.brands.length] + " " + word(r / c.brands.length) + (r % 97);
      case "carrier" ->
          r < c.carrierNames.length
              ? c.carrierNames[r]
              : String.format(Locale.ROOT, "carrier-%04d", r);
      default -> throw new IllegalArgumentException("unknown field " + field);
    };
  }

  private static double gaussian(SplittableRandom rng) {
    // Box-Muller; one of the pair is enough here.
    double u1 = 1.0 - rng.nextDouble();
    double u2 = rng.nextDouble();
    return Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2.0 * Math.PI * u2);
  }

  private static long geometric(SplittableRandom rng, double p) {
    double u = 1.0 - rng.nextDouble();
    return (long) Math.floor(Math.log(u) / Math.log(1.0 - p)) + 1;
  }

  // SplitMix64 finaliser over seed and index, so nearby indices get unrelated streams.
  private static long mix(long seed, long index) {
    long z = seed * 0x9E3779B97F4A7C15L + index + 0x632BE59BD9B4E019L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  private static Universe universe() {
    Universe u = universe;
    if (u == null) {
      synchronized (SyntheticRecords.class) {
        u = universe;
        if (u == null) {
          u = new Universe();
          universe = u;
        }
      }
    }
    return u;
  }

  /** Token names and popularity per field, built once per JVM. */
  private static final class Universe {
    final String[] appNames = names("app_packages", CONSTANTS.apps);
    final String[] campaignNames = names("campaigns", CONSTANTS.campaigns);
    final String[] carrierNames = names("carrier", CONSTANTS.carriers);
    final String[] deviceNames = names("device_model", CONSTANTS.devices);
    final double[] appCdf = zipfCdf(CONSTANTS.apps, CONSTANTS.appExponent);
    final double[] campaignCdf = zipfCdf(CONSTANTS.campaigns, CONSTANTS.campaignExponent);
    final double[] carrierCdf = zipfCdf(CONSTANTS.carriers, CONSTANTS.carrierExponent);
    final double[] deviceCdf = zipfCdf(CONSTANTS.devices, CONSTANTS.deviceExponent);

    private static String[] names(String field, int count) {
      String[] out = new String[count];
      for (int r = 0; r < count; r++) {
        out[r] = name(field, r);
      }
      return out;
    }

    private static double[] zipfCdf(int count, double exponent) {
      double[] w = new double[count];
      double total = 0;
      for (int i = 0; i < count; i++) {
        w[i] = 1.0 / Math.pow(i + 1, exponent);
        total += w[i];
      }
      double sum = 0;
      for (int i = 0; i < count; i++) {
        sum += w[i] / total;
        w[i] = sum;
      }
      return w;
    }

    // numpy's searchsorted(cdf, u, side="right"), clipped to the last rank.
    int draw(double[] cdf, SplittableRandom rng) {
      double u = rng.nextDouble();
      int lo = 0;
      int hi = cdf.length;
      while (lo < hi) {
        int mid = (lo + hi) >>> 1;
        if (cdf[mid] <= u) {
          lo = mid + 1;
        } else {
          hi = mid;
        }
      }
      return Math.min(lo, cdf.length - 1);
    }
  }

  /** Turns a partition of indices into records. */
  private static final class RecordIterator implements Iterator<Row> {
    private final Iterator<Long> indices;
    private final long seed;

    RecordIterator(Iterator<Long> indices, long seed) {
      this.indices = indices;
      this.seed = seed;
    }

    @Override
    public boolean hasNext() {
      return indices.hasNext();
    }

    @Override
    public Row next() {
      return record(seed, indices.next());
    }
  }
}
