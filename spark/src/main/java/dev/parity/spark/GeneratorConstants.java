package dev.parity.spark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The constants of the synthetic purchase records: token universes, Zipf exponents, name parts, bag
 * sizes, the mess and null rates. They live in {@code scripts/purchase/generator.json}, which the
 * Python generator reads too; the build copies that file into this package as {@value #RESOURCE},
 * so there is one copy in git and one in the jar.
 */
final class GeneratorConstants {

  /** The resource, relative to this class's package. */
  static final String RESOURCE = "generator.json";

  /** The schema the file must name. */
  static final String SCHEMA = "parity.generator/1";

  /** The preset whose universes {@link SyntheticRecords} draws from. */
  static final String PRESET = "small";

  final int apps;
  final int campaigns;
  final int carriers;
  final int devices;
  final double appExponent;
  final double campaignExponent;
  final double carrierExponent;
  final double deviceExponent;
  final String[] brands;
  final String[] carrierNames;
  final String[] appPrefixes;
  final String[] appSuffixes;
  final String consonants;
  final String vowels;
  final double appsEmpty;
  final double appsLogNormalMedian;
  final double appsLogNormalSigma;
  final int appsMin;
  final int appsMax;
  final double campaignsEmpty;
  final double campaignsGeometricP;
  final int campaignsMin;
  final int campaignsMax;
  final double drawsPerToken;
  final int extraDraws;
  final double upperCaseBelow;
  final double titleCaseBelow;
  final double leadingPadBelow;
  final double trailingPadBelow;
  final double blankTokenBelow;
  final String[] pads;
  final String[] blanks;
  final double novelApps;
  final long novelWordSpread;
  final String novelSuffix;
  final double nullDevice;
  final double nullApps;
  final double nullCampaigns;
  final double nullCarrier;
  final double missingCarrier;

  private GeneratorConstants(Reader r) {
    JsonNode universe = r.at("universes", PRESET);
    apps = r.integer(universe, "app_packages");
    campaigns = r.integer(universe, "campaigns");
    carriers = r.integer(universe, "carrier");
    devices = r.integer(universe, "device_model");
    JsonNode zipf = r.at("zipfExponents");
    appExponent = r.number(zipf, "app_packages");
    campaignExponent = r.number(zipf, "campaigns");
    carrierExponent = r.number(zipf, "carrier");
    deviceExponent = r.number(zipf, "device_model");
    JsonNode names = r.at("names");
    brands = r.strings(names, "brands");
    carrierNames = r.strings(names, "carriers");
    appPrefixes = r.strings(names, "appPrefixes");
    appSuffixes = r.strings(names, "appSuffixes");
    consonants = r.string(names, "consonants");
    vowels = r.string(names, "vowels");
    JsonNode appBags = r.at("bags", "app_packages");
    appsEmpty = r.number(appBags, "emptyProbability");
    appsLogNormalMedian = r.number(appBags, "logNormalMedian");
    appsLogNormalSigma = r.number(appBags, "logNormalSigma");
    appsMin = r.integer(appBags, "min");
    appsMax = r.integer(appBags, "max");
    JsonNode campaignBags = r.at("bags", "campaigns");
    campaignsEmpty = r.number(campaignBags, "emptyProbability");
    campaignsGeometricP = r.number(campaignBags, "geometricP");
    campaignsMin = r.integer(campaignBags, "min");
    campaignsMax = r.integer(campaignBags, "max");
    JsonNode bags = r.at("bags");
    drawsPerToken = r.number(bags, "drawsPerToken");
    extraDraws = r.integer(bags, "extraDraws");
    JsonNode mess = r.at("mess");
    upperCaseBelow = r.number(mess, "upperCaseBelow");
    titleCaseBelow = r.number(mess, "titleCaseBelow");
    leadingPadBelow = r.number(mess, "leadingPadBelow");
    trailingPadBelow = r.number(mess, "trailingPadBelow");
    blankTokenBelow = r.number(mess, "blankTokenBelow");
    pads = r.strings(mess, "pads");
    blanks = r.strings(mess, "blanks");
    JsonNode novel = r.at("novelApps");
    novelApps = r.number(novel, "probability");
    novelWordSpread = r.integer(novel, "wordSpread");
    novelSuffix = r.string(novel, "suffix");
    JsonNode nulls = r.at("nullProbabilities");
    nullDevice = r.number(nulls, "device_model");
    nullApps = r.number(nulls, "app_packages");
    nullCampaigns = r.number(nulls, "campaigns");
    nullCarrier = r.number(nulls, "carrier");
    missingCarrier = r.number(nulls, "carrierMissing");
  }

  /**
   * Reads the constants from the classpath.
   *
   * @return the constants
   * @throws IllegalStateException if the resource is missing or lacks a value: the jar is broken
   */
  static GeneratorConstants load() {
    try (InputStream in = GeneratorConstants.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(
            RESOURCE
                + " is not on the classpath next to "
                + GeneratorConstants.class.getName()
                + "; the spark module's build copies it from scripts/purchase/generator.json");
      }
      return parse(in, RESOURCE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
  }

  /**
   * Parses the constants.
   *
   * @param in the JSON
   * @param source names it in messages
   * @return the constants
   * @throws IOException if the JSON cannot be read
   * @throws IllegalStateException if the schema is not {@value #SCHEMA} or a value is missing
   */
  static GeneratorConstants parse(InputStream in, String source) throws IOException {
    JsonNode root = JsonMapper.builder().build().readTree(in);
    Reader r = new Reader(root, source);
    String schema = r.string(root, "schema");
    if (!SCHEMA.equals(schema)) {
      throw new IllegalStateException(source + ": schema must be " + SCHEMA + ", found " + schema);
    }
    return new GeneratorConstants(r);
  }

  /** Reads required values, naming the missing one. */
  private record Reader(JsonNode root, String source) {

    JsonNode at(String... path) {
      JsonNode n = root;
      for (String key : path) {
        n = n.path(key);
      }
      if (!n.isObject()) {
        throw missing(String.join(".", path), "an object");
      }
      return n;
    }

    double number(JsonNode parent, String key) {
      JsonNode n = parent.path(key);
      if (!n.isNumber()) {
        throw missing(key, "a number");
      }
      return n.doubleValue();
    }

    int integer(JsonNode parent, String key) {
      JsonNode n = parent.path(key);
      if (!n.canConvertToInt() || !n.isIntegralNumber()) {
        throw missing(key, "a whole number");
      }
      return n.intValue();
    }

    String string(JsonNode parent, String key) {
      JsonNode n = parent.path(key);
      if (!n.isTextual()) {
        throw missing(key, "a string");
      }
      return n.textValue();
    }

    String[] strings(JsonNode parent, String key) {
      JsonNode n = parent.path(key);
      if (!n.isArray() || n.isEmpty()) {
        throw missing(key, "a non-empty list of strings");
      }
      List<String> out = new ArrayList<>();
      for (JsonNode s : n) {
        if (!s.isTextual()) {
          throw missing(key, "a non-empty list of strings");
        }
        out.add(s.textValue());
      }
      return out.toArray(String[]::new);
    }

    private IllegalStateException missing(String key, String expected) {
      return new IllegalStateException(source + ": " + key + " must be " + expected);
    }
  }
}
