package dev.parity.card;

import java.util.List;
import java.util.NoSuchElementException;
import java.util.stream.Collectors;

/**
 * How raw records become a model's input tensors: each field writes into columns of a named input.
 *
 * @param fields the fields, in card order
 * @param vocabulary the vocabulary file relative to the card, or null when no field has tokens
 * @param paddingIndex the id that fills unused bag positions
 * @param oovIndex the id of tokens missing from the vocabulary
 * @param firstTokenIndex the id of each field's first vocabulary token
 * @param normalisation how raw tokens are cleaned before lookup; null when no field has tokens
 */
public record Features(
    List<Field> fields,
    String vocabulary,
    int paddingIndex,
    int oovIndex,
    int firstTokenIndex,
    Normalisation normalisation) {

  /** Copies the fields. */
  public Features {
    fields = List.copyOf(fields);
  }

  /**
   * Returns a field.
   *
   * @param name the raw record's field name
   * @return the field
   * @throws NoSuchElementException naming the fields when there is none by that name
   */
  public Field field(String name) {
    return fields.stream()
        .filter(f -> f.name().equals(name))
        .findFirst()
        .orElseThrow(
            () ->
                new NoSuchElementException(
                    "the card has no field "
                        + name
                        + "; its fields: "
                        + fields.stream().map(Field::name).collect(Collectors.joining(", "))));
  }

  /**
   * Returns the raw field names in card order.
   *
   * @return the names
   */
  public List<String> names() {
    return fields.stream().map(Field::name).toList();
  }

  /**
   * Returns the names of the numeric fields, whose raw values are numbers.
   *
   * @return the names, in card order
   */
  public java.util.Set<String> numericNames() {
    java.util.Set<String> out = new java.util.LinkedHashSet<>();
    fields.stream().filter(f -> f.kind() == Kind.NUMERIC).forEach(f -> out.add(f.name()));
    return java.util.Collections.unmodifiableSet(out);
  }

  /**
   * Whether any field holds tokens.
   *
   * @return true when a bag or token field exists
   */
  public boolean hasTokens() {
    return fields.stream().anyMatch(f -> f.kind() != Kind.NUMERIC);
  }

  /** What a field holds. */
  public enum Kind {
    /** A list of tokens, truncated and padded to a length. */
    BAG,
    /** One token. */
    TOKEN,
    /** A number. */
    NUMERIC
  }

  /**
   * One raw field.
   *
   * @param name the raw record's field name
   * @param kind bag, token or numeric
   * @param input the signature input it writes into
   * @param column the first column of that input it fills
   * @param length how many columns it fills: a bag's length, 1 otherwise
   * @param defaultValue numeric: the raw value used when the field is missing or null
   * @param standardise numeric: {@code (x - mean) / std}, or null for the raw value
   */
  public record Field(
      String name,
      Kind kind,
      String input,
      int column,
      int length,
      double defaultValue,
      Standardise standardise) {}

  /**
   * Standardisation of a numeric field, computed in float64, then cast to the input's dtype.
   *
   * @param mean subtracted
   * @param std divided by; positive
   */
  public record Standardise(double mean, double std) {}

  /**
   * How raw tokens are cleaned before lookup.
   *
   * @param trimCharacters ASCII characters stripped from both ends
   * @param lowercaseAscii whether A-Z become a-z (every other character is kept)
   * @param dropEmptyTokens whether tokens empty after trimming are dropped before lookup
   * @param rules the rules in words, for people
   */
  public record Normalisation(
      String trimCharacters, boolean lowercaseAscii, boolean dropEmptyTokens, List<String> rules) {

    /** Copies the rules. */
    public Normalisation {
      rules = List.copyOf(rules);
    }
  }
}
