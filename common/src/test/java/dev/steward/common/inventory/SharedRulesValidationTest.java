package dev.steward.common.inventory;

import static dev.steward.common.inventory.InventoryFixtures.load;
import static dev.steward.common.inventory.InventoryFixtures.onlyProblem;
import static dev.steward.common.inventory.InventoryFixtures.withSections;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Inputs on which the inventory and the agent's request validation used to disagree. The
 * agent's ResourceRequestValidatorTest gives it the same inputs: both now read one rule.
 */
class SharedRulesValidationTest {

  @ParameterizedTest
  @ValueSource(strings = {"Kafka", "kafka.svc"})
  void accountNamesWithUpperCaseOrDotsAreRefusedAsTheAgentRefusesThem(String name) {
    InventoryProblem problem = onlyProblem(withSections("install: {user: " + name + ", group: kafka}"),
        "install.user");
    assertThat(problem.fix()).contains("lower-case");
  }

  @Test
  void packageNameEndingInADashIsRefusedBecauseAptWouldRemoveThePackage() {
    InventoryProblem problem = onlyProblem(withSections("install: {packages: [openjdk-17-jre-]}"),
        "install.packages[0]");
    assertThat(problem.fix()).contains("not ending in '-'");
  }

  @Test
  void packageNameLongerThanTheAgentTakesIsRefused() {
    onlyProblem(withSections("install: {javaPackage: " + "a".repeat(129) + "}"), "install.javaPackage");
  }

  @ParameterizedTest
  @ValueSource(strings = {"swappiness", "_vm.swappiness", "vm..swappiness"})
  void sysctlKeysTheAgentRefusesAreRefused(String key) {
    InventoryProblem problem = onlyProblem(withSections("sysctl: {values: {\"" + key + "\": 1}}"),
        "sysctl.values.\"" + key + "\"");
    assertThat(problem.fix()).contains("two or more parts");
  }

  @Test
  void sysctlKeysInEitherSeparatorFormAreAccepted() throws Exception {
    assertThat(load(withSections("sysctl: {values: {net.ipv4.conf.eth0/100.rp_filter: 1, "
        + "net/ipv4/conf/eth0.100/accept_redirects: 0}}")).inventory().sysctl().values())
        .containsEntry("net.ipv4.conf.eth0/100.rp_filter", "1")
        .containsEntry("net/ipv4/conf/eth0.100/accept_redirects", "0");
  }

  @Test
  void emptySysctlValueIsRefused() {
    onlyProblem(withSections("sysctl: {values: {vm.swappiness: \"\"}}"), "sysctl.values.\"vm.swappiness\"");
  }

  @ParameterizedTest
  @ValueSource(strings = {"::ffff:10.0.0.1", "10.1/8", "010.0.0.1"})
  void firewallSourcesTheAgentRefusesAreRefused(String source) {
    onlyProblem(withSections("firewall: {coordinatorAddresses: [\"" + source + "\"]}"),
        "firewall.coordinatorAddresses[0]");
  }

  @Test
  void hostWithAnEmbeddedIpv4AddressCannotBeAFirewallSource() {
    String yaml = withSections("firewall: {enabled: true}").replace("address: 192.168.1.187",
        "address: \"::ffff:192.168.1.187\"");
    InventoryProblem problem = onlyProblem(yaml, "hosts[1].address");
    assertThat(problem.message()).contains("embedded IPv4");
  }
}
