package dev.steward.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The lab itself: three hosts booting a real systemd, the agent installed from its .deb and
 * running as a systemd service with the systemd backend, and partitions that really cut a
 * host off. Skipped without root/nspawn (see {@link LabGate}).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LabIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration REACH_TIMEOUT = Duration.ofSeconds(2);
  private static Lab lab;

  @BeforeAll
  static void up() throws Exception {
    lab = Lab.open();
  }

  @AfterAll
  static void down() throws Exception {
    if (lab != null) {
      lab.close();
    }
  }

  @Test
  @Order(1)
  void everyHostRunsARealSystemdAsPidOne() throws Exception {
    for (String host : Lab.HOSTS) {
      StewardCli.Run state = lab.exec(host, "systemctl", "is-system-running");
      if (state.stdout().strip().equals("degraded")) {
        // say which unit, so a degraded host is explained rather than waved through
        System.out.println(host + " is degraded: " + lab.exec(host, "systemctl", "--failed", "--no-legend").stdout());
      }
      assertThat(state.stdout().strip()).as(host).isIn("running", "degraded");
      assertThat(lab.exec(host, "cat", "/proc/1/comm").stdout().strip()).as(host).isEqualTo("systemd");
      assertThat(lab.exec(host, "hostname").stdout().strip()).isEqualTo(host);
    }
  }

  @Test
  @Order(2)
  void agentFromTheDebIsAnActiveServiceThatAnswersWithTheSystemdBackend() throws Exception {
    for (String host : Lab.HOSTS) {
      assertThat(lab.exec(host, "systemctl", "is-active", "steward-agent.service").stdout().strip()).as(host)
          .isEqualTo("active");
      assertThat(lab.exec(host, "dpkg-query", "-W", "-f=${Status}", "steward-agent").stdout()).as(host)
          .isEqualTo("install ok installed");

      StewardCli.Run probe = lab.inNetworkOf(host, List.of(javaExecutable(), "-cp", System.getProperty("java.class.path"),
          AgentProbe.class.getName(), "facts", "127.0.0.1:" + Lab.AGENT_PORT), Duration.ofMinutes(1));
      assertThat(probe.exitCode()).as(probe.toString()).isZero();
      JsonNode facts = JSON.readTree(probe.stdout());
      assertThat(facts.get("hostname").asText()).isEqualTo(host);
      assertThat(facts.get("serviceBackend").asText()).isEqualTo("SERVICE_BACKEND_SYSTEMD");
      assertThat(facts.get("hostRoot").asText()).isEqualTo("/");
      assertThat(facts.at("/java/featureVersion").asInt()).isGreaterThanOrEqualTo(17);
    }
  }

  @Test
  @Order(3)
  void harnessReachesEveryHostOnTheLabNetwork() {
    for (String host : Lab.HOSTS) {
      assertThat(Lab.tcp(Lab.address(host), Lab.AGENT_PORT, REACH_TIMEOUT)).as(host).isNotEqualTo(Lab.Reach.UNREACHABLE);
    }
  }

  @Test
  @Order(4)
  void cutMakesOneHostUnreachableUntilHealed() throws Exception {
    lab.cut("h2");
    try {
      assertThat(Lab.tcp(Lab.address("h2"), Lab.AGENT_PORT, REACH_TIMEOUT)).isEqualTo(Lab.Reach.UNREACHABLE);
      assertThat(Lab.tcp(Lab.address("h1"), Lab.AGENT_PORT, REACH_TIMEOUT)).isNotEqualTo(Lab.Reach.UNREACHABLE);
      StewardCli.Run fromH1 = lab.exec("h1", "sh", "-c", "nc -z -w 2 h2 22; echo $?");
      assertThat(fromH1.stdout().strip()).as("h1 cannot reach h2 either").isEqualTo("1");
    } finally {
      lab.heal("h2");
    }
    assertThat(Lab.tcp(Lab.address("h2"), Lab.AGENT_PORT, REACH_TIMEOUT)).isNotEqualTo(Lab.Reach.UNREACHABLE);
  }

  @Test
  @Order(5)
  void inventoryNamesTheThreeHostsOnTheLabNetwork() throws Exception {
    Path inventory = lab.inventory();
    String text = Files.readString(inventory);

    assertThat(text).contains("name: h1, address: 10.77.0.11").contains("name: h2, address: 10.77.0.12")
        .contains("name: h3, address: 10.77.0.13").contains("tls: true").contains("TODO(TLS");
  }

  private static String javaExecutable() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }
}
