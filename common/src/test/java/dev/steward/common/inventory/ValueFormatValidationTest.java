package dev.steward.common.inventory;

import static dev.steward.common.inventory.InventoryFixtures.load;
import static dev.steward.common.inventory.InventoryFixtures.onlyProblem;
import static dev.steward.common.inventory.InventoryFixtures.withKafka;
import static dev.steward.common.inventory.InventoryFixtures.withSections;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Sizes, durations, paths, ports and names, wherever they appear. */
class ValueFormatValidationTest {

  @ParameterizedTest
  @ValueSource(strings = {"\"4 GB\"", "lots", "4", "\"4gb\"", "\"-4G\"", "\"99999999999999999999\"",
      "\"9999999999T\""})
  void sizeMustBeANumberWithAKnownUnit(String size) {
    InventoryProblem problem = onlyProblem(withSections("preflight: {minMemory: " + size + "}"), "preflight.minMemory");
    assertThat(problem.fix()).contains("4GiB");
  }

  @ParameterizedTest
  @ValueSource(strings = {"\"5 minutes\"", "5", "\"5min\"", "\"1d\"", "\"-1s\"", "\"1.5s\""})
  void durationMustBeAWholeNumberWithAUnit(String duration) {
    onlyProblem(withSections("rollout: {brokerReadyTimeout: " + duration + "}"), "rollout.brokerReadyTimeout");
  }

  @Test
  void zeroMeansForeverForTimeoutsButNotForThePollInterval() throws Exception {
    assertThat(load(withSections("rollout: {availabilityTimeout: 0s}")).inventory().rollout().availabilityTimeout())
        .isZero();
    onlyProblem(withSections("rollout: {pollInterval: 0ms}"), "rollout.pollInterval");
    onlyProblem(withSections("preflight: {maxClockSkew: 0s}"), "preflight.maxClockSkew");
  }

  @ParameterizedTest
  @ValueSource(strings = {"var/lib/zookeeper", "/var/lib/../zookeeper", "/var/./lib", "/var//lib", "/var/lib/",
      "/", "/var/lib/zoo keeper", "/var/lib/zk,2", "/var/lib/zk:2", "/var/lib/%i", "/var/lib/$HOME", "~/zk",
      "/var/lib/zk\\n", "/var/lib/z\u00fcrich"})
  void pathMustBeAbsoluteNormalizedAndPlain(String path) {
    String yamlPath = "\"" + path.replace("\\n", "\\n") + "\"";
    InventoryProblem problem = onlyProblem(withSections("zookeeper: {dataDir: " + yamlPath + "}"), "zookeeper.dataDir");
    assertThat(problem.toString()).doesNotContain("\n");
  }

  @Test
  void pathsAreCheckedInEverySection() {
    onlyProblem(withSections("install: {root: opt}"), "install.root");
    onlyProblem(withKafka("dataDirs: [/data/a, data/b]"), "kafka.dataDirs[1]");
    onlyProblem(withSections("agent: {pki: \"~/../pki\"}"), "agent.pki");
  }

  @Test
  void pkiMayLiveInTheCoordinatorsHome() throws Exception {
    assertThat(load(withSections("agent: {pki: ~/.steward/pki/homelab}")).inventory().agent().pki())
        .contains("~/.steward/pki/homelab");
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "65536", "-1", "\"abc\"", "22.5", "true"})
  void portMustBeFrom1To65535(String port) {
    onlyProblem(withSections("zookeeper: {electionPort: " + port + "}"), "zookeeper.electionPort");
  }

  @Test
  void portsAreCheckedInEverySection() {
    onlyProblem(withSections("firewall: {sshPort: 0}"), "firewall.sshPort");
    onlyProblem(withSections("agent: {port: 70000}"), "agent.port");
    onlyProblem(withSections("zookeeper: {adminServer: {port: 0}}"), "zookeeper.adminServer.port");
  }

  @ParameterizedTest
  @ValueSource(strings = {"Homelab", "home_lab", "-homelab", "\"\"", "a23456789012345678901234567890123456789012345678901234567890123x"})
  void clusterNameIsLowerCaseLettersDigitsAndDashes(String name) {
    onlyProblem(InventoryFixtures.GUIDE.replace("cluster: homelab", "cluster: " + name), "cluster");
  }

  @Test
  void integerSettingsHaveRanges() {
    onlyProblem(withSections("install: {limitNofile: 10}"), "install.limitNofile");
    onlyProblem(withSections("install: {stopTimeoutSeconds: 0}"), "install.stopTimeoutSeconds");
    onlyProblem(withSections("preflight: {minJava: 7}"), "preflight.minJava");
  }
}
