package dev.parity.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

class BuildVersionsTest {

  /** The parent pom's properties and version, read independently of the build's filtering. */
  private static final class Pom {
    private final Element project;
    private final Element properties;

    Pom(Path file) throws Exception {
      Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile());
      project = doc.getDocumentElement();
      properties = (Element) project.getElementsByTagName("properties").item(0);
    }

    String property(String name) {
      return properties.getElementsByTagName(name).item(0).getTextContent().trim();
    }

    String version() {
      // The project's own <version>, a direct child (dependencies have versions too).
      for (var n = project.getFirstChild(); n != null; n = n.getNextSibling()) {
        if (n instanceof Element e && e.getTagName().equals("version")) {
          return e.getTextContent().trim();
        }
      }
      throw new IllegalStateException("pom.xml has no <version>");
    }
  }

  @Test
  void accessors_builtResource_equalTheParentPom() throws Exception {
    Pom pom = new Pom(Checkout.requireRoot().resolve("pom.xml"));

    assertThat(BuildVersions.parity()).isEqualTo(pom.version());
    assertThat(BuildVersions.djl()).isEqualTo(pom.property("djl.version"));
    assertThat(BuildVersions.pytorch()).isEqualTo(pom.property("pytorch.native.version"));
    assertThat(BuildVersions.pytorchJni()).isEqualTo(pom.property("pytorch.jni.version"));
    assertThat(BuildVersions.tensorflow()).isEqualTo(pom.property("tensorflow.version"));
    assertThat(BuildVersions.tensorflowGraphProducer())
        .isEqualTo(Integer.parseInt(pom.property("tensorflow.graph.producer")));
    assertThat(BuildVersions.tensorflowNativeArtifact())
        .isEqualTo(
            "org.tensorflow:tensorflow-core-native:"
                + pom.property("tensorflow.native.version")
                + ":"
                + pom.property("native.classifier"));
    assertThat(BuildVersions.mxnet()).isEqualTo(pom.property("mxnet.native.version"));
    assertThat(BuildVersions.onnxRuntime()).isEqualTo(pom.property("onnxruntime.version"));
    assertThat(BuildVersions.spark()).isEqualTo(pom.property("spark.version"));
  }

  @Test
  void all_builtResource_everyKeyInOrder() {
    Map<String, String> all = BuildVersions.all();

    assertThat(all.keySet()).containsExactlyElementsOf(BuildVersions.KEYS);
    assertThat(all.values()).noneMatch(v -> v.contains("${") || v.isBlank());
  }

  @Test
  void parse_unfilteredResource_rejectedNamingKeyAndHowToBuild() {
    String text = String.join("\n", BuildVersions.KEYS.stream().map(k -> k + "=1").toList());
    String unfiltered = text.replace("djl=1", "djl=${djl.version}");

    assertThatThrownBy(() -> BuildVersions.parse(stream(unfiltered), "versions.properties"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("djl=${djl.version}")
        .hasMessageContaining("mvn -B package");
  }

  @Test
  void parse_missingKey_rejectedNamingIt() {
    String text =
        String.join(
            "\n",
            BuildVersions.KEYS.stream()
                .filter(k -> !k.equals("spark"))
                .map(k -> k + "=1")
                .toList());

    assertThatThrownBy(() -> BuildVersions.parse(stream(text), "versions.properties"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no value for spark");
  }

  private static ByteArrayInputStream stream(String text) {
    return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
  }
}
