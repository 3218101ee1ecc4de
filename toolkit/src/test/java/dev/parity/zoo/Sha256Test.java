package dev.parity.zoo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Sha256Test {

  @TempDir Path temp;

  @Test
  void of_bytesAbc_returnsFips180Vector() {
    assertThat(Sha256.of("abc".getBytes(StandardCharsets.US_ASCII)))
        .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  }

  @Test
  void of_emptyFile_returnsDigestOfNothing() throws Exception {
    Path file = Files.write(temp.resolve("empty"), new byte[0]);

    assertThat(Sha256.of(file))
        .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  }

  @Test
  void of_fileLargerThanBuffer_equalsDigestOfItsBytes() throws Exception {
    byte[] bytes = new byte[300_007];
    new Random(7).nextBytes(bytes);
    Path file = Files.write(temp.resolve("random"), bytes);

    assertThat(Sha256.of(file)).isEqualTo(Sha256.of(bytes));
  }
}
