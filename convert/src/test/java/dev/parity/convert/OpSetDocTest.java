package dev.parity.convert;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parity.build.Checkout;
import dev.parity.convert.onnx.UnsupportedOperatorException;
import dev.parity.graph.Operator;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The op table users read lists exactly the ops the converter supports. */
class OpSetDocTest {

  private static final Pattern OP_CELL = Pattern.compile("`([A-Z][A-Za-z]+)`");

  @Test
  void opSetDoc_firstColumn_listsExactlyTheSupportedOps() throws Exception {
    String doc =
        Files.readString(
            Checkout.requireRoot().resolve(UnsupportedOperatorException.SUPPORTED_LIST));
    Set<String> documented = new LinkedHashSet<>();
    for (String line : doc.split("\n")) {
      if (line.startsWith("| `")) {
        Matcher m = OP_CELL.matcher(line.substring(0, line.indexOf(" |", 2)));
        while (m.find()) {
          documented.add(m.group(1));
        }
      }
    }

    assertThat(documented)
        .containsExactlyInAnyOrderElementsOf(
            Arrays.stream(Operator.values()).map(Operator::onnxName).toList());
  }
}
