package dev.steward.systemtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steward.agent.v1.GetFactsRequest;
import dev.steward.agent.v1.HostFacts;
import dev.steward.agent.v1.HostServiceGrpc;
import dev.steward.agent.v1.ServiceBackend;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The lab itself: three hosts booting a real systemd, the agent installed from its .deb and
 * running as a systemd service with the systemd backend, enrolled by lab.sh with one-time tokens
 * and serving mutual TLS on the lab network, and partitions that really cut a host off. Skipped
 * without root/nspawn (see {@link LabGate}).
 */
@ExtendWith(LabSuiteTimer.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LabIT {

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
  void agentFromTheDebIsAnActiveServiceThatAnswersOverMutualTlsWithTheSystemdBackend() throws Exception {
    for (String host : Lab.HOSTS) {
      assertThat(lab.exec(host, "systemctl", "is-active", "steward-agent.service").stdout().strip()).as(host)
          .isEqualTo("active");
      assertThat(lab.exec(host, "dpkg-query", "-W", "-f=${Status}", "steward-agent").stdout()).as(host)
          .isEqualTo("install ok installed");

      HostFacts facts;
      try (AgentProbe agent = AgentProbe.connect(lab.pki(), host)) {
        facts = agent.facts();
      }
      assertThat(facts.getHostname()).isEqualTo(host);
      assertThat(facts.getServiceBackend()).isEqualTo(ServiceBackend.SERVICE_BACKEND_SYSTEMD);
      assertThat(facts.getHostRoot()).isEqualTo("/");
      assertThat(facts.getJava().getFeatureVersion()).isGreaterThanOrEqualTo(17);
    }
  }

  @Test
  @Order(3)
  void everyAgentIsEnrolledAndRefusesACallerWithoutTheCoordinatorCertificate() throws Exception {
    StewardCli.Run hosts = StewardCli.steward(Duration.ofMinutes(1), "hosts", "list", "-i", lab.inventory().toString());
    assertThat(hosts.exitCode()).as(hosts.toString()).isZero();
    for (String host : Lab.HOSTS) {
      assertThat(hosts.stdout()).containsPattern("(?m)^" + host + " +" + Lab.address(host).replace(".", "\\.")
          + " +enrolled +enrolled ");
      assertThat(lab.exec(host, "test", "-e", "/etc/steward/enroll-token").exitCode()).as("the used token is gone from "
          + host).isNotZero();
      // TLS, but no client certificate: the handshake works, the call does not
      ManagedChannel anonymous = NettyChannelBuilder.forAddress(Lab.address(host), Lab.AGENT_PORT)
          .sslContext(GrpcSslContexts.forClient().trustManager(InsecureTrustManagerFactory.INSTANCE).build()).build();
      try {
        assertThatThrownBy(() -> HostServiceGrpc.newBlockingStub(anonymous).withDeadlineAfter(20, TimeUnit.SECONDS)
            .getFacts(GetFactsRequest.getDefaultInstance()))
            .isInstanceOfSatisfying(StatusRuntimeException.class,
                e -> assertThat(e.getStatus().getCode()).as(host).isEqualTo(Status.Code.UNAUTHENTICATED));
      } finally {
        anonymous.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
    }
  }

  @Test
  @Order(4)
  void harnessReachesEveryAgentOnTheLabNetwork() {
    for (String host : Lab.HOSTS) {
      assertThat(Lab.tcp(Lab.address(host), Lab.AGENT_PORT, REACH_TIMEOUT)).as(host).isEqualTo(Lab.Reach.CONNECTED);
    }
  }

  @Test
  @Order(5)
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
    assertThat(Lab.tcp(Lab.address("h2"), Lab.AGENT_PORT, REACH_TIMEOUT)).isEqualTo(Lab.Reach.CONNECTED);
  }

  @Test
  @Order(6)
  void inventoryIsARealHostsInventoryOnTheLabNetwork() throws Exception {
    Path inventory = lab.inventory();
    String text = Files.readString(inventory);

    assertThat(text).contains("name: h1, address: 10.77.0.11, zookeeperId: 1, brokerId: 1")
        .contains("name: h2, address: 10.77.0.12, zookeeperId: 2, brokerId: 2")
        .contains("name: h3, address: 10.77.0.13, zookeeperId: 3, brokerId: 3")
        .contains("tls: true").contains("pki: " + lab.pki()).contains("coordinatorAddresses: [10.77.0.1]")
        .contains("clientNetworks: [10.77.0.0/24]").contains("enableUfw: true").contains("javaPackage: \"\"")
        .doesNotContain("insecure");
    StewardCli.Run preflight = StewardCli.steward(Duration.ofMinutes(2), "preflight", "-i", inventory.toString());
    assertThat(preflight.exitCode()).as(preflight.toString()).isZero();
  }
}
