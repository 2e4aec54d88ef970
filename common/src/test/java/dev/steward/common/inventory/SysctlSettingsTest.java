package dev.steward.common.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SysctlSettingsTest {

  @ParameterizedTest
  @ValueSource(strings = {"vm.swappiness", "net.ipv4.conf.eth0/100.rp_filter", "net/ipv4/conf/eth0.100/rp_filter",
      "net.ipv4.conf.Wlan0.rp_filter", "fs.file-max"})
  void kernelParameterNamesInEitherFormAreKeys(String key) {
    assertThat(SysctlSettings.keyProblem(key)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "swappiness", "_vm.swappiness", "-vm.swappiness", "vm..swappiness", "vm.swappiness.",
      "/proc/sys/vm/swappiness", "vm/../../etc/passwd", "vm.swap piness", "vm.swappiness\nkernel.panic"})
  void anythingElseIsNot(String key) {
    assertThat(SysctlSettings.keyProblem(key)).isPresent();
  }

  @Test
  void keysAreBounded() {
    assertThat(SysctlSettings.keyProblem("vm." + "a".repeat(125))).isEmpty();
    assertThat(SysctlSettings.keyProblem("vm." + "a".repeat(126))).get().asString().contains("at most 128");
  }

  @Test
  void theFirstSeparatorDecidesThePathUnderProcSys() {
    assertThat(SysctlSettings.procPath("vm.swappiness")).isEqualTo("vm/swappiness");
    String vlanPath = "net/ipv4/conf/eth0.100/rp_filter";
    assertThat(SysctlSettings.procPath("net.ipv4.conf.eth0/100.rp_filter")).isEqualTo(vlanPath);
    assertThat(SysctlSettings.procPath(vlanPath)).as("a '/' first: the name is the path").isEqualTo(vlanPath);
  }

  @Test
  void valuesAreNonEmptySingleLines() {
    assertThat(SysctlSettings.valueProblem("4096 87380 6291456")).isEmpty();
    assertThat(SysctlSettings.valueProblem("")).isPresent();
    assertThat(SysctlSettings.valueProblem("1\nkernel.panic=1")).isPresent();
    assertThat(SysctlSettings.valueProblem("1\t2")).as("the renderer refuses control characters").isPresent();
  }
}
