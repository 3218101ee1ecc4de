package dev.parity.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parity.card.ModelCard;
import dev.parity.features.TokenNormaliser;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyntheticRecordsTest {

  @Test
  void name_sameRankAsPython_sameCanonicalToken() {
    // From scripts/purchase/generator.py: _names(field, 45)[::11].
    assertThat(
            IntStream.of(0, 11, 22, 33, 44).mapToObj(r -> SyntheticRecords.name("app_packages", r)))
        .containsExactly("com.ba.app", "com.de.app", "cn.gi.app", "com.jo.app", "net.lu.app");
    assertThat(SyntheticRecords.name("campaigns", 22)).isEqualTo("cmp-0000022");
    assertThat(SyntheticRecords.name("device_model", 33)).isEqualTo("zte bi33");
    assertThat(SyntheticRecords.name("carrier", 11)).isEqualTo("tim");
    assertThat(SyntheticRecords.name("carrier", 44)).isEqualTo("carrier-0044");
    assertThat(SyntheticRecords.word(25000 + 1234567)).isEqualTo("bibuhoki");
    assertThat(SyntheticRecords.titleCase("com.abc.app")).isEqualTo("Com.Abc.App");
  }

  @Test
  void generate_samSeedOtherPartitioning_sameRecords() {
    List<Row> two = SyntheticRecords.generate(SparkTestSession.get(), 500, 7, 2).collectAsList();
    List<Row> three = SyntheticRecords.generate(SparkTestSession.get(), 500, 7, 3).collectAsList();
    List<Row> otherSeed =
        SyntheticRecords.generate(SparkTestSession.get(), 500, 8, 2).collectAsList();

    assertThat(two).hasSize(500).isEqualTo(three).isNotEqualTo(otherSeed);
  }

  @Test
  void write_manyRecords_parquetWithRealisticMessAndMostTokensInVocabulary(@TempDir Path dir)
      throws Exception {
    String out = dir.resolve("records").toString();
    SyntheticRecords.write(SparkTestSession.get(), 20_000, 1, 2, out);

    List<Row> rows = SparkTestSession.get().read().parquet(out).collectAsList();
    assertThat(SparkTestSession.get().read().parquet(out).schema().simpleString())
        .isEqualTo(SyntheticRecords.SCHEMA.simpleString());
    assertThat(rows).hasSize(20_000);
    Set<String> vocabulary = ReferenceData.vocabulary("app_packages");
    TokenNormaliser normaliser =
        TokenNormaliser.of(
            ModelCard.read(ReferenceData.CARD_FOLDER.resolve("model-card.json"))
                .features()
                .normalisation());
    List<String> apps =
        rows.stream()
            .filter(r -> !r.isNullAt(2))
            .flatMap(r -> r.<String>getList(2).stream())
            .collect(Collectors.toList());
    List<String> normalised =
        apps.stream().map(normaliser::normalise).filter(t -> !t.isEmpty()).toList();
    long known = normalised.stream().filter(vocabulary::contains).count();
    double meanBag = apps.size() / 20_000.0;

    assertThat((double) known / normalised.size()).isGreaterThan(0.9);
    assertThat(meanBag).isBetween(10.0, 20.0);
    assertThat(apps).anyMatch(t -> !t.equals(normaliser.normalise(t)));
    assertThat(apps).anyMatch(String::isBlank);
    assertThat(apps).anyMatch(t -> t.endsWith(".new"));
    assertThat(rows).anyMatch(r -> r.isNullAt(1)).anyMatch(r -> r.isNullAt(4));
    assertThat(rows.stream().mapToInt(r -> r.isNullAt(2) ? 0 : r.getList(2).size()).max())
        .hasValue(60);
  }
}
