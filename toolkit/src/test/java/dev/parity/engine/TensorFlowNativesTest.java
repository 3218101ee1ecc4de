package dev.parity.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parity.build.BuildVersions;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TensorFlowNativesTest {

  private static final FileTime LONG_AGO = FileTime.fromMillis(1_000_000_000_000L);

  @TempDir Path temp;

  private URLClassLoader loader;

  @AfterEach
  void closeLoader() throws IOException {
    if (loader != null) {
      loader.close();
    }
  }

  @Test
  void ensureLibraryPath_propertyAlreadySet_returnsItAndUnpacksNothing() throws Exception {
    Properties properties = new Properties();
    properties.setProperty(TensorFlowNatives.LIBRARY_PATH, "/opt/tf");

    String path =
        TensorFlowNatives.ensureLibraryPath(
            Map.of("DJL_CACHE_DIR", temp.toString()), properties, nativesJar(), temp);

    assertThat(path).isEqualTo("/opt/tf");
    assertThat(temp.resolve("parity")).doesNotExist();
  }

  @Test
  void ensureLibraryPath_envAlreadySet_returnsItAndLeavesPropertyUnset() throws Exception {
    Properties properties = new Properties();

    String path =
        TensorFlowNatives.ensureLibraryPath(
            Map.of(TensorFlowNatives.LIBRARY_PATH, "/opt/tf"), properties, nativesJar(), temp);

    assertThat(path).isEqualTo("/opt/tf");
    assertThat(properties).isEmpty();
  }

  @Test
  void ensureLibraryPath_nativesInJar_unpacksFlatIntoDjlCacheDirAndSetsProperty() throws Exception {
    Path cache = temp.resolve("cache");
    Properties properties = new Properties();

    String path =
        TensorFlowNatives.ensureLibraryPath(
            Map.of("DJL_CACHE_DIR", cache.toString()), properties, nativesJar(), temp);

    Path folder = cache.resolve("parity/tensorflow-natives-" + BuildVersions.tensorflow());
    assertThat(path).isEqualTo(folder.toAbsolutePath().toString());
    assertThat(properties.getProperty(TensorFlowNatives.LIBRARY_PATH)).isEqualTo(path);
    assertThat(fileNames(folder))
        .containsExactlyInAnyOrder(
            "LICENSE",
            "libjnitensorflow.so",
            "libtensorflow_cc.so.2",
            "libtensorflow_framework.so.2");
    assertThat(folder.resolve("libtensorflow_cc.so.2"))
        .hasContent("content of libtensorflow_cc.so.2");
  }

  @Test
  void ensureLibraryPath_djlCacheDirProperty_isUsedWhenEnvIsUnset() throws Exception {
    Path cache = temp.resolve("from-property");
    Properties properties = new Properties();
    properties.setProperty("DJL_CACHE_DIR", cache.toString());

    TensorFlowNatives.ensureLibraryPath(Map.of(), properties, nativesJar(), temp);

    assertThat(
            cache.resolve(
                "parity/tensorflow-natives-" + BuildVersions.tensorflow() + "/libjnitensorflow.so"))
        .isRegularFile();
  }

  @Test
  void ensureLibraryPath_noCacheDir_unpacksUnderDotDjlAiInUserHome() throws Exception {
    Path home = temp.resolve("home");

    String path =
        TensorFlowNatives.ensureLibraryPath(Map.of(), new Properties(), nativesJar(), home);

    assertThat(Path.of(path))
        .isEqualTo(home.resolve(".djl.ai/parity/tensorflow-natives-" + BuildVersions.tensorflow()));
  }

  @Test
  void ensureLibraryPath_calledTwice_leavesUnpackedFilesUntouched() throws Exception {
    Map<String, String> env = Map.of("DJL_CACHE_DIR", temp.toString());
    String path = TensorFlowNatives.ensureLibraryPath(env, new Properties(), nativesJar(), temp);
    Path library = Path.of(path, "libtensorflow_cc.so.2");
    Files.setLastModifiedTime(library, LONG_AGO);

    TensorFlowNatives.ensureLibraryPath(env, new Properties(), loader, temp);

    assertThat(Files.getLastModifiedTime(library)).isEqualTo(LONG_AGO);
    assertThat(fileNames(Path.of(path))).noneMatch(name -> name.endsWith(".part"));
  }

  @Test
  void ensureLibraryPath_unpackedFileOfOtherSize_isReplaced() throws Exception {
    Map<String, String> env = Map.of("DJL_CACHE_DIR", temp.toString());
    String path = TensorFlowNatives.ensureLibraryPath(env, new Properties(), nativesJar(), temp);
    Path library = Path.of(path, "libjnitensorflow.so");
    Files.writeString(library, "truncated");

    TensorFlowNatives.ensureLibraryPath(env, new Properties(), loader, temp);

    assertThat(library).hasContent("content of libjnitensorflow.so");
  }

  @Test
  void ensureLibraryPath_nativesMissing_throwsNamingEngineAndArtifact() throws Exception {
    loader = new URLClassLoader(new URL[] {temp.toUri().toURL()}, null);
    Properties properties = new Properties();

    assertThatThrownBy(
            () ->
                TensorFlowNatives.ensureLibraryPath(
                    Map.of("DJL_CACHE_DIR", temp.toString()), properties, loader, temp))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("TensorFlow")
        .hasMessageContaining(BuildVersions.tensorflowNativeArtifact())
        .hasMessageContaining("classifier linux-x86_64");
    assertThat(properties).isEmpty();
  }

  @Test
  void libraries_runtimeClasspath_areAllPresent() {
    // Guards the file names against the real jar without unpacking its 630 MB.
    ClassLoader classpath = TensorFlowNatives.class.getClassLoader();
    for (String name : TensorFlowNatives.LIBRARIES) {
      assertThat(classpath.getResource(TensorFlowNatives.RESOURCE_FOLDER + name))
          .as(name)
          .isNotNull();
    }
  }

  /** A jar laid out like the real natives jar, each file holding "content of NAME". */
  private ClassLoader nativesJar() throws IOException {
    Path jar = temp.resolve("natives.jar");
    List<String> names = new java.util.ArrayList<>(TensorFlowNatives.LIBRARIES);
    names.add("LICENSE");
    Map<String, String> entries = new LinkedHashMap<>();
    for (String name : names) {
      entries.put(TensorFlowNatives.RESOURCE_FOLDER + name, "content of " + name);
    }
    try (OutputStream out = Files.newOutputStream(jar);
        JarOutputStream zip = new JarOutputStream(out)) {
      for (Map.Entry<String, String> entry : entries.entrySet()) {
        zip.putNextEntry(new JarEntry(entry.getKey()));
        zip.write(entry.getValue().getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
      }
    }
    loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null);
    return loader;
  }

  private static List<String> fileNames(Path folder) throws IOException {
    try (Stream<Path> files = Files.list(folder)) {
      return files.map(f -> f.getFileName().toString()).toList();
    }
  }
}
