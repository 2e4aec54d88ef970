package dev.steward.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * `steward adopt` against a running sandbox, as if its hosts had been built by hand: the agents
 * read what is there, the inventory written reproduces it (plan on it changes no Kafka or
 * ZooKeeper configuration file), and adopting restarts nothing.
 */
class AdoptIT {

  private static SandboxFixture sandbox;

  @BeforeAll
  static void up() throws Exception {
    sandbox = new SandboxFixture("127.0.12");
    sandbox.up("--no-smoke-test");
  }

  @AfterAll
  static void down() throws Exception {
    if (sandbox != null) {
      sandbox.close();
    }
  }

  @Test
  void adoptingTheSandboxReproducesItsConfigurationAndRestartsNothing() throws Exception {
    Map<String, Long> kafkaBefore = sandbox.servicePids("kafka");
    Map<String, Long> zooKeeperBefore = sandbox.servicePids("zookeeper");
    assertThat(kafkaBefore).hasSize(3);
    assertThat(zooKeeperBefore).hasSize(3);
    Path adopted = sandbox.dir.resolve("adopted.yaml");

    StewardCli.Run adopt = StewardCli.steward(Duration.ofMinutes(2), "adopt", "--plaintext",
        "--hosts", "h1=" + sandbox.prefix + ".1,h2=" + sandbox.prefix + ".2,h3=" + sandbox.prefix + ".3",
        "-o", adopted.toString());
    System.out.println(adopt);
    assertThat(adopt.exitCode()).as(adopt.toString()).isZero();
    assertThat(adopt.stdout()).contains("mismatches between hosts: none")
        .contains("(not under systemd)").doesNotContain("would still change");
    String yaml = Files.readString(adopted);
    assertThat(yaml).contains("cluster: adopted").contains("user: \"\"").contains("bindClientPortToHostAddress: true")
        .contains("{name: h1, address: \"" + sandbox.prefix + ".1\", zookeeperId: 1, brokerId: 1}");

    // as in the sandbox's own inventory: the three hosts share one machine, whose kernel settings and
    // firewall are not theirs to change (adopt does not read either)
    Files.writeString(adopted, yaml + "sysctl:\n  enabled: false\nfirewall:\n  enabled: false\n"
        + "preflight:\n  minFreeDisk: 5GiB\n");
    StewardCli.Run plan = StewardCli.steward(Duration.ofMinutes(5), "plan", "-i", adopted.toString());
    System.out.println(plan);
    assertThat(plan.exitCode()).as(plan.toString()).isIn(0, 3);
    assertThat(plan.stdout()).as("every phase was planned").containsPattern("h1\\s+zookeeper\\s")
        .containsPattern("h3\\s+kafka\\s").doesNotContain("FAILED");
    assertThat(plan.stdout()).as("no Kafka or ZooKeeper configuration file would change")
        .doesNotContain("file:/opt/kafka/config/server.properties")
        .doesNotContain("file:/opt/kafka/config/zookeeper.properties")
        .doesNotContain("myid");

    assertThat(sandbox.servicePids("kafka")).as("adopt and plan restart nothing").isEqualTo(kafkaBefore);
    assertThat(sandbox.servicePids("zookeeper")).isEqualTo(zooKeeperBefore);
  }
}
