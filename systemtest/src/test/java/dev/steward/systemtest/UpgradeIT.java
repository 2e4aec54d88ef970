package dev.steward.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.steward.coordinator.loadcheck.LoadCheckResult;
import dev.steward.coordinator.loadcheck.LoadChecker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A rolling upgrade between two real Kafka releases built from Maven Central, 3.8.1 to 3.9.1,
 * both phases, under load: nothing lost, every broker on 3.9.1 with the 3.9 protocol at the end,
 * and the inventory saying so.
 */
class UpgradeIT {

  private static SandboxFixture sandbox;
  private static final Path OLD_DISTRIBUTION = Path.of(System.getProperty("steward.home")).resolve(
      "../../kafka-dist/kafka-3.8.1/target/kafka_2.13-3.8.1.tgz").normalize();

  @BeforeAll
  static void up() throws Exception {
    assertThat(OLD_DISTRIBUTION).as("the 3.8.1 distribution is built by ./mvnw package").exists();
    sandbox = new SandboxFixture("127.0.5");
    sandbox.up("--kafka-version", "3.8.1", "--artifact", OLD_DISTRIBUTION.toString(), "--no-smoke-test");
  }

  @AfterAll
  static void down() throws Exception {
    if (sandbox != null) {
      sandbox.close();
    }
  }

  private static String serverProperties(String host) throws Exception {
    return Files.readString(sandbox.dir.resolve("hosts").resolve(host).resolve("opt/kafka/config/server.properties"));
  }

  private static String activeDistribution(String host) throws Exception {
    return Files.readSymbolicLink(sandbox.dir.resolve("hosts").resolve(host).resolve("opt/kafka")).toString();
  }

  @Test
  void upgradeFrom381To391InTwoPhasesUnderLoad() throws Exception {
    String inventory = sandbox.inventory().toString();
    for (String host : List.of("h1", "h2", "h3")) {
      assertThat(activeDistribution(host)).endsWith("kafka_2.13-3.8.1");
    }

    StewardCli.Run dryRun = StewardCli.steward(Duration.ofMinutes(2), "rollout", "upgrade", "-i", inventory,
        "--kafka-version", "3.9.1", "--dry-run");
    assertThat(dryRun.exitCode()).as(dryRun.toString()).isZero();
    assertThat(dryRun.stdout()).contains("install Kafka 3.9.1 (inter.broker.protocol.version 3.8)")
        .contains("phase 2 (needs --yes)");

    LoadCheckResult phaseOneLoad;
    try (LoadChecker load = new LoadChecker(sandbox.bootstrap(), "it-upgrade-1", 200).start(3);
         ClusterSampler sampler = new ClusterSampler(sandbox.prefix)) {
      Thread.sleep(2000);
      StewardCli.Run phaseOne = StewardCli.steward(Duration.ofMinutes(15), "rollout", "upgrade", "-i", inventory,
          "--kafka-version", "3.9.1");
      System.out.println(phaseOne);
      assertThat(phaseOne.exitCode()).as(phaseOne.toString()).isZero();
      assertThat(phaseOne.stdout()).contains("verified: every broker runs Kafka 3.9.1")
          .contains("phase 2 not started");
      phaseOneLoad = load.stop(Duration.ofSeconds(120));
      assertThat(sampler.minRegisteredBrokers()).isGreaterThanOrEqualTo(2);
      assertThat(sampler.minRunningZooKeeper()).isGreaterThanOrEqualTo(2);
    }
    System.out.println("upgrade phase 1 under load: " + phaseOneLoad.describe());
    assertThat(phaseOneLoad.lost()).isZero();
    assertThat(phaseOneLoad.duplicated()).isZero();
    for (String host : List.of("h1", "h2", "h3")) {
      assertThat(activeDistribution(host)).endsWith("kafka_2.13-3.9.1");
      assertThat(serverProperties(host)).contains("\ninter.broker.protocol.version=3.8\n");
    }
    String pinned = Files.readString(sandbox.inventory());
    assertThat(pinned).contains("version: 3.9.1").contains("interBrokerProtocolVersion: \"3.8\"");
    StewardCli.Run plan = StewardCli.steward(Duration.ofMinutes(2), "plan", "-i", inventory);
    assertThat(plan.exitCode()).as("between the phases the inventory matches what runs: " + plan).isZero();

    LoadCheckResult phaseTwoLoad;
    try (LoadChecker load = new LoadChecker(sandbox.bootstrap(), "it-upgrade-2", 200).start(3)) {
      Thread.sleep(2000);
      StewardCli.Run phaseTwo = StewardCli.steward(Duration.ofMinutes(15), "rollout", "upgrade", "-i", inventory,
          "--kafka-version", "3.9.1", "--yes");
      System.out.println(phaseTwo);
      assertThat(phaseTwo.exitCode()).as(phaseTwo.toString()).isZero();
      phaseTwoLoad = load.stop(Duration.ofSeconds(120));
    }
    System.out.println("upgrade phase 2 under load: " + phaseTwoLoad.describe());
    assertThat(phaseTwoLoad.lost()).isZero();
    assertThat(phaseTwoLoad.duplicated()).isZero();
    for (String host : List.of("h1", "h2", "h3")) {
      assertThat(serverProperties(host)).doesNotContain("inter.broker.protocol.version");
    }
    assertThat(Files.readString(sandbox.inventory())).contains("version: 3.9.1").doesNotContain("interBrokerProtocolVersion");
    JsonNode status = sandbox.status();
    assertThat(status.at("/cluster/healthy").asBoolean()).as(status.toString()).isTrue();
  }
}
