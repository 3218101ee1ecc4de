package dev.parity.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ProcessMemoryTest {
  @Test
  void kibibytes_procStatusLines_parsesTheNamedKey() {
    List<String> lines = List.of("Name:\tjava", "VmHWM:\t  912340 kB", "VmRSS:\t  800001 kB");

    assertThat(ProcessMemory.kibibytes(lines, "VmRSS:")).isEqualTo(800_001);
    assertThat(ProcessMemory.kibibytes(lines, "VmHWM:")).isEqualTo(912_340);
  }

  @Test
  void kibibytes_missingKey_rejected() {
    assertThatThrownBy(() -> ProcessMemory.kibibytes(List.of("Name:\tjava"), "VmRSS:"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("VmRSS:");
  }

  @Test
  void now_thisProcess_rssAtLeastTheHeapInUseAndPeakAtLeastRss() {
    ProcessMemory m = ProcessMemory.now();

    assertThat(m.rssBytes()).isPositive();
    assertThat(m.hwmBytes()).isGreaterThanOrEqualTo(m.rssBytes());
    assertThat(m.heapCommittedBytes()).isGreaterThanOrEqualTo(m.heapUsedBytes());
    assertThat(m.rssOutsideHeapBytes()).isEqualTo(m.rssBytes() - m.heapCommittedBytes());
  }

  @Test
  void mallocTrim_onGlibc_isCalled() {
    // This machine (and every soak so far) runs on glibc; elsewhere the call is skipped.
    assertThat(ProcessMemory.mallocTrim()).isTrue();
  }
}
