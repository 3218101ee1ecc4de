package dev.parity.spark;

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
 * <p>What is the same as Python: canonical token names are built like Python's {@code _names} (so
 * most tokens hit the committed vocabulary); Zipf-like popularity with the same exponents over the
 * same universe sizes (app packages 25,000, campaigns 6,000, carriers 40, device models 2,500); bag
 * sizes (apps: 4% empty, else a log-normal around 12 clipped to 1–60; campaigns: 15% empty, else
 * geometric(0.35) clipped to 1–20) with distinct tokens per bag; the mess (5% upper case, 3% title
 * case, 3% leading and 3% trailing whitespace, 0.5% blank tokens); 0.5% novel app packages ({@code
 * *.new}); null fields (device 0.5%, apps 1%, campaigns 3%, carrier 2.2%).
 *
 * <p>What differs: the random streams (a {@link SplittableRandom} per record, seeded from the seed
 * and the record's index, instead of numpy's one stream), so records are not bit-identical to
 * Python's; no labels; a missing carrier is written as null (Parquet has a fixed schema); title
 * case treats every letter as cased. Record {@code i} is the same for a given seed whatever the
 * number of partitions.
 */
public final class SyntheticRecords {

  /** The Parquet schema written: the model's raw input as an upstream job hands it over. */
  public static final StructType SCHEMA =
      new StructType()
          .add("id", DataTypes.StringType, false)
          .add("device_model", DataTypes.StringType, true)
          .add("app_packages", DataTypes.createArrayType(DataTypes.StringType, false), true)
          .add("campaigns", DataTypes.createArrayType(DataTypes.StringType, false), true)
          .add("carrier", DataTypes.StringType, true);

  private static final String[] BRANDS = {
    "samsung", "huawei", "xiaomi", "oppo", "vivo", "apple", "oneplus", "meizu", "lenovo", "zte",
    "honor", "realme"
  };
  private static final String[] CARRIERS = {
    "china mobile",
    "china unicom",
    "china telecom",
    "vodafone",
    "orange",
    "t-mobile",
    "at&t",
    "verizon",
    "telef\u00f3nica",
    "movistar",
    "claro",
    "tim",
    "airtel",
    "jio",
    "\u043c\u0442\u0441",
    "beeline",
    "megafon",
    "t\u00fcrk telekom",
    "turkcell",
    "ooredoo",
    "etisalat",
    "stc",
    "du",
    "globe",
    "smart",
    "telkomsel",
    "indosat",
    "ais",
    "dtac",
    "viettel",
    "kt",
    "sk telecom",
    "lg u+",
    "docomo",
    "softbank",
    "au",
    "optus",
    "telstra",
    "bell",
    "rogers"
  };
  private static final String[] APP_SUFFIX = {
    "app", "mobile", "lite", "pro", "free", "hd", "game", "pay", "go", "plus", "android"
  };
  private static final String[] APP_PREFIX = {"com", "com", "com", "com", "net", "org", "cn", "io"};
  private static final String CONSONANTS = "bcdfghjklmnprstvz";
  private static final String VOWELS = "aeiou";
  private static final String[] PADS = {" ", "  ", "\t", " \n", "\r\n", "\u000b"};
  private static final String[] BLANKS = {"", " ", "\t", "  "};

  static final int APPS = 25_000;
  static final int CAMPAIGNS = 6_000;
  static final int CARRIER_COUNT = 40;
  static final int DEVICES = 2_500;

  private static volatile Universe universe;

  private SyntheticRecords() {}

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
    SplittableRandom rng = new SplittableRandom(mix(seed, index));
    int device = u.draw(u.deviceCdf, rng);
    int carrier = u.draw(u.carrierCdf, rng);
    int appCount =
        rng.nextDouble() < 0.04
            ? 0
            : (int)
                Math.max(
                    1, Math.min(60, Math.rint(Math.exp(Math.log(12.0) + 0.8 * gaussian(rng)))));
    int campaignCount =
        rng.nextDouble() < 0.15 ? 0 : (int) Math.max(1, Math.min(20, geometric(rng, 0.35)));
    int[] apps = distinct(u, u.appCdf, rng, appCount);
    int[] campaigns = distinct(u, u.campaignCdf, rng, campaignCount);

    String[] appTokens = new String[apps.length];
    for (int j = 0; j < apps.length; j++) {
      String token;
      if (rng.nextDouble() < 0.005) {
        token =
            APP_PREFIX[j % APP_PREFIX.length]
                + "."
                + word(APPS + (long) (rng.nextDouble() * 1e7))
                + ".new";
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
    if (rng.nextDouble() < 0.005) {
      deviceToken = null;
    }
    if (rng.nextDouble() < 0.01) {
      appTokens = null;
    }
    if (rng.nextDouble() < 0.03) {
      campaignTokens = null;
    }
    if (rng.nextDouble() < 0.022) {
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
    int draws = (int) (size * 1.5) + 2;
    for (int i = 0; i < draws && seen.size() < size; i++) {
      seen.add(u.draw(cdf, rng));
    }
    return seen.stream().mapToInt(Integer::intValue).toArray();
  }

  private static String mess(String token, SplittableRandom rng) {
    double r0 = rng.nextDouble();
    double r1 = rng.nextDouble();
    double r2 = rng.nextDouble();
    if (r0 < 0.05) {
      token = token.toUpperCase(Locale.ROOT);
    } else if (r0 < 0.08) {
      token = titleCase(token);
    }
    if (r1 < 0.03) {
      token = PADS[(int) (r2 * PADS.length)] + token;
    } else if (r1 < 0.06) {
      token = token + PADS[(int) (r2 * PADS.length)];
    } else if (r1 < 0.065) {
      token = BLANKS[(int) (r2 * BLANKS.length)];
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
    int base = CONSONANTS.length() * VOWELS.length();
    List<String> syllables = new ArrayList<>();
    do {
      int d = (int) (n % base);
      n /= base;
      syllables.add(
          "" + CONSONANTS.charAt(d / VOWELS.length()) + VOWELS.charAt(d % VOWELS.length()));
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
    return switch (field) {
      case "app_packages" ->
          APP_PREFIX[r % APP_PREFIX.length]
              + "."
              + word(r)
              + "."
              + APP_SUFFIX[(int) ((r * 7919L) % APP_SUFFIX.length)];
      case "campaigns" -> String.format(Locale.ROOT, "cmp-%07d", r);
      case "device_model" -> BRANDS[r % BRANDS.length] + " " + word(r / BRANDS.length) + (r % 97);
      case "carrier" ->
          r < CARRIERS.length ? CARRIERS[r] : String.format(Locale.ROOT, "carrier-%04d", r);
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
    final String[] appNames = names("app_packages", APPS);
    final String[] campaignNames = names("campaigns", CAMPAIGNS);
    final String[] carrierNames = names("carrier", CARRIER_COUNT);
    final String[] deviceNames = names("device_model", DEVICES);
    final double[] appCdf = zipfCdf(APPS, 1.05);
    final double[] campaignCdf = zipfCdf(CAMPAIGNS, 1.0);
    final double[] carrierCdf = zipfCdf(CARRIER_COUNT, 1.1);
    final double[] deviceCdf = zipfCdf(DEVICES, 1.0);

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
