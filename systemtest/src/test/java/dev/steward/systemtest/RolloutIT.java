package dev.steward.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.steward.coordinator.loadcheck.LoadCheckResult;
import dev.steward.coordinator.loadcheck.LoadChecker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Rolling restarts on a real sandbox cluster, each under load: nothing lost or duplicated,
 * ZooKeeper followers before the leader and the controller last (a killed coordinator, resumed
 * from another state directory, is in {@link FaultIT}), a topic with min.insync.replicas = RF blocking the roll, and a
 * broker that does not come back halting it with the other brokers untouched.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RolloutIT {

  private static SandboxFixture sandbox;

  @BeforeAll
  static void up() throws Exception {
    sandbox = new SandboxFixture("127.0.4");
    sandbox.up("--no-smoke-test");
  }

  @AfterAll
  static void down() throws Exception {
    if (sandbox != null) {
      sandbox.close();
    }
  }

  private static LoadChecker load() throws Exception {
    return new LoadChecker(sandbox.bootstrap(), "it-load-" + UUID.randomUUID().toString().substring(0, 6), 200).start(3);
  }

  private static StewardCli.Run steward(String... args) throws Exception {
    return StewardCli.steward(Duration.ofMinutes(10), args);
  }

  private static JsonNode rolloutStatus() throws Exception {
    StewardCli.Run status = steward("rollout", "status", "-i", sandbox.inventory().toString(), "-o", "json");
    return SandboxFixture.JSON.readTree(status.stdout());
  }

  @Test
  @Order(1)
  void fullRollingRestartUnderLoadLosesNothingAndKeepsTheOrder() throws Exception {
    JsonNode before = sandbox.status();
    String zkLeader = before.at("/cluster/zookeeper/leader").asText();
    int controller = before.at("/cluster/kafka/controller").asInt();
    LoadCheckResult result;
    StewardCli.Run roll;
    try (LoadChecker load = load(); ClusterSampler sampler = new ClusterSampler(sandbox.prefix)) {
      Thread.sleep(3000);
      roll = steward("rollout", "restart", "-i", sandbox.inventory().toString(), "-o", "json");
      Thread.sleep(3000);
      result = load.stop(Duration.ofSeconds(120));
      System.out.println("rolling restart under load: " + result.describe());
      assertThat(sampler.minRegisteredBrokers()).as("registered brokers never below 2").isGreaterThanOrEqualTo(2);
      assertThat(sampler.minRunningZooKeeper()).as("never two ZooKeeper nodes down").isGreaterThanOrEqualTo(2);
    }
    assertThat(roll.exitCode()).as(roll.toString()).isZero();
    assertThat(result.lost()).isZero();
    assertThat(result.duplicated()).isZero();
    assertThat(result.outOfOrder()).isZero();
    assertThat(result.acknowledged()).isGreaterThan(1000);

    JsonNode journal = SandboxFixture.JSON.readTree(roll.stdout());
    List<String> order = SandboxFixture.JSON.convertValue(journal.get("order"), List.class);
    assertThat(order).hasSize(7);
    assertThat(order.subList(0, 3)).allMatch(s -> s.startsWith("zookeeper:"));
    assertThat(order.get(2)).as("the ZooKeeper leader goes last").isEqualTo("zookeeper:" + zkLeader);
    assertThat(order.subList(3, 6)).allMatch(s -> s.startsWith("kafka:"));
    assertThat(order.get(5)).as("the controller goes last").isEqualTo("kafka:h" + controller);
    assertThat(order.get(6)).as("the guide's one Connect worker after every broker").isEqualTo("kafka-connect:h1");
    System.out.println("rollout time: " + journal.get("time"));
  }

  @Test
  @Order(3)
  void topicWithMinInsyncReplicasEqualToItsReplicationFactorBlocksTheRollNamingIt() throws Exception {
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, sandbox.bootstrap());
    String topic = "it-strict-" + UUID.randomUUID().toString().substring(0, 6);
    try (Admin admin = Admin.create(props)) {
      admin.createTopics(List.of(new NewTopic(topic, 3, (short) 3).configs(Map.of("min.insync.replicas", "3"))))
          .all().get();
      Map<String, Long> pidsBefore = sandbox.servicePids("kafka");

      StewardCli.Run roll = steward("rollout", "restart", "-i", sandbox.inventory().toString(), "--service", "kafka");

      assertThat(roll.exitCode()).isEqualTo(1);
      assertThat(roll.stdout() + roll.stderr()).contains(topic).contains("--allow-unavailable");
      assertThat(sandbox.servicePids("kafka")).as("no broker was restarted").isEqualTo(pidsBefore);
      assertThat(steward("rollout", "abort", "-i", sandbox.inventory().toString()).exitCode()).isZero();
      // Leave the cluster rollable for the next test (the topic's data stays).
      admin.incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.TOPIC, topic),
          List.of(new AlterConfigOp(new ConfigEntry("min.insync.replicas", "2"), AlterConfigOp.OpType.SET)))).all().get();
    }
  }

  @Test
  @Order(4)
  void brokerThatDoesNotComeBackHaltsTheRollAndLeavesTheOtherBrokersUntouched() throws Exception {
    Path inventory = sandbox.inventory();
    String inventoryText = Files.readString(inventory);
    Files.writeString(inventory, inventoryText.replace("rollout:\n  pollInterval: 200ms",
        "rollout:\n  pollInterval: 200ms\n  brokerReadyTimeout: 45s"));
    JsonNode status = sandbox.status();
    int controller = status.at("/cluster/kafka/controller").asInt();
    // The first broker the roller picks: the lowest id that is not the controller.
    String victim = controller == 1 ? "h2" : "h1";
    Path config = sandbox.dir.resolve("hosts").resolve(victim).resolve("opt/kafka/config/server.properties");
    String good = Files.readString(config);
    Files.writeString(config, good.replace("num.io.threads=8", "num.io.threads=not-a-number"));
    Map<String, Long> pidsBefore = sandbox.servicePids("kafka");

    StewardCli.Run roll = steward("rollout", "restart", "-i", inventory.toString(), "--service", "kafka");

    assertThat(roll.exitCode()).as(roll.toString()).isEqualTo(1);
    assertThat(roll.stdout()).contains("HALTED").contains("rollout resume");
    Map<String, Long> pidsAfter = sandbox.servicePids("kafka");
    for (String host : List.of("h1", "h2", "h3")) {
      if (!host.equals(victim)) {
        assertThat(pidsAfter.get(host)).as(host + " untouched").isEqualTo(pidsBefore.get(host));
      }
    }
    JsonNode journal = rolloutStatus();
    assertThat(journal.get("status").asText()).isEqualTo("halted");
    assertThat(journal.get("haltReason").asText()).contains("broker " + victim.substring(1));

    // Repair: put the config back and let the resumed rollout finish the job (the supervisor's
    // crash-restart backoff may take a minute to try again: the default timeout allows it).
    Files.writeString(config, good);
    Files.writeString(inventory, inventoryText);
    StewardCli.Run resume = steward("rollout", "resume", "-i", inventory.toString());
    assertThat(resume.exitCode()).as(resume.toString()).isZero();
    sandbox.awaitHealthy(Duration.ofMinutes(2));
  }
}
