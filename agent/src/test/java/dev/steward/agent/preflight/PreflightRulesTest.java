package dev.steward.agent.preflight;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.agent.v1.CheckOutcome;
import dev.steward.agent.v1.PreflightCheck;
import dev.steward.agent.v1.PreflightThresholds;
import dev.steward.agent.v1.ServiceName;
import java.util.List;
import org.junit.jupiter.api.Test;

class PreflightRulesTest {

  static final long GIB = 1024L * 1024 * 1024;
  static final PreflightThresholds GUIDE = PreflightThresholds.newBuilder()
      .setMinMemoryBytes(4 * GIB).setMinFreeDiskBytes(50 * GIB).setMinJavaFeatureVersion(11).build();
  static final PreflightObservations.Java JAVA_17 = new PreflightObservations.Java(true, "17.0.15", 17, "/usr/lib/jvm/17");

  static PreflightObservations host(long memory, PreflightObservations.Java java, List<PreflightObservations.Disk> disks,
                                    List<PreflightObservations.Port> ports, List<PreflightObservations.Peer> peers) {
    return new PreflightObservations(memory, java, disks, ports, peers);
  }

  static PreflightCheck only(String name, List<PreflightCheck> checks) {
    return checks.stream().filter(c -> c.getName().equals(name)).findFirst().orElseThrow();
  }

  @Test
  void aHostThatMeetsTheGuidePassesEverything() {
    List<PreflightCheck> checks = PreflightRules.evaluate(GUIDE, host(8 * GIB, JAVA_17,
        List.of(new PreflightObservations.Disk("/var/lib/kafka/logs", "/", "/", 100 * GIB, "")),
        List.of(new PreflightObservations.Port("", 9092, ServiceName.SERVICE_NAME_KAFKA,
            PreflightObservations.Binding.FREE, false, "")),
        List.of(new PreflightObservations.Peer("h2", "10.77.0.12", 7443, List.of("10.77.0.12"), "", PreflightObservations.Reach.CONNECTED, ""))));
    assertThat(checks).extracting(PreflightCheck::getOutcome).containsOnly(CheckOutcome.CHECK_OUTCOME_PASS);
    assertThat(checks).extracting(PreflightCheck::getName)
        .containsExactly("memory", "disk:/var/lib/kafka/logs", "java", "port:9092", "peer:h2:7443");
  }

  @Test
  void tooLittleMemoryFailsWithTheNumbersAndAFix() {
    PreflightCheck memory = PreflightRules.memory(4 * GIB, 2 * GIB);
    assertThat(memory.getOutcome()).isEqualTo(CheckOutcome.CHECK_OUTCOME_FAIL);
    assertThat(memory.getObserved()).isEqualTo("2.0 GiB");
    assertThat(memory.getRequired()).isEqualTo(">= 4.0 GiB");
    assertThat(memory.getMessage()).contains("preflight.minMemory");
  }

  @Test
  void tooLittleDiskFailsNamingTheMount() {
    PreflightCheck disk = PreflightRules.disk(50 * GIB,
        new PreflightObservations.Disk("/var/lib/kafka/logs", "/var", "/var", 10 * GIB, ""));
    assertThat(disk.getOutcome()).isEqualTo(CheckOutcome.CHECK_OUTCOME_FAIL);
    assertThat(disk.getMessage()).contains("/var").contains("10.0 GiB");
  }

  @Test
  void oldOrMissingJavaFails() {
    assertThat(PreflightRules.java(11, new PreflightObservations.Java(true, "1.8.0_392", 8, "/jdk8")).getOutcome())
        .isEqualTo(CheckOutcome.CHECK_OUTCOME_FAIL);
    assertThat(PreflightRules.java(11, new PreflightObservations.Java(false, "", 0, "/nothing")).getMessage())
        .contains("install a JRE");
  }

  @Test
  void portInUseFailsUnlessItsOwnerIsTheActiveService() {
    PreflightCheck heldByKafka = PreflightRules.port(new PreflightObservations.Port("", 9092,
        ServiceName.SERVICE_NAME_KAFKA, PreflightObservations.Binding.IN_USE, true, ""));
    assertThat(heldByKafka.getOutcome()).isEqualTo(CheckOutcome.CHECK_OUTCOME_PASS);
    assertThat(heldByKafka.getObserved()).contains("held by kafka");

    PreflightCheck someoneElse = PreflightRules.port(new PreflightObservations.Port("", 9092,
        ServiceName.SERVICE_NAME_KAFKA, PreflightObservations.Binding.IN_USE, false, ""));
    assertThat(someoneElse.getOutcome()).isEqualTo(CheckOutcome.CHECK_OUTCOME_FAIL);
    assertThat(someoneElse.getMessage()).contains("ss -ltnp").contains("kafka is not running here");

    PreflightCheck noOwner = PreflightRules.port(new PreflightObservations.Port("", 8080,
        ServiceName.SERVICE_NAME_UNSPECIFIED, PreflightObservations.Binding.IN_USE, false, ""));
    assertThat(noOwner.getOutcome()).isEqualTo(CheckOutcome.CHECK_OUTCOME_FAIL);
  }

  @Test
  void addressNotOnThisHostFails() {
    PreflightCheck check = PreflightRules.port(new PreflightObservations.Port("192.0.2.1", 9092,
        ServiceName.SERVICE_NAME_KAFKA, PreflightObservations.Binding.ADDRESS_NOT_LOCAL, false, ""));
    assertThat(check.getOutcome()).isEqualTo(CheckOutcome.CHECK_OUTCOME_FAIL);
    assertThat(check.getMessage()).contains("not an address of this host");
  }

  @Test
  void reachablePeerWhoseNameDoesNotResolveWarnsWithAnEtcHostsLine() {
    PreflightCheck check = PreflightRules.peer(new PreflightObservations.Peer("h3", "10.77.0.13", 7443, List.of(),
        "unknown host", PreflightObservations.Reach.CONNECTED, ""));
    assertThat(check.getOutcome()).isEqualTo(CheckOutcome.CHECK_OUTCOME_WARN);
    assertThat(check.getMessage()).contains("\"10.77.0.13 h3\"").contains("/etc/hosts");
  }

  @Test
  void unresolvableAndUnreachablePeerFails() {
    PreflightCheck check = PreflightRules.peer(new PreflightObservations.Peer("h3", "10.77.0.13", 7443, List.of(),
        "unknown host", PreflightObservations.Reach.UNREACHABLE, "No route to host"));
    assertThat(check.getOutcome()).isEqualTo(CheckOutcome.CHECK_OUTCOME_FAIL);
    assertThat(check.getObserved()).contains("No route to host");
  }

  @Test
  void unreachablePeerFailsNamingThePortTheClusterNeeds() {
    PreflightCheck check = PreflightRules.peer(new PreflightObservations.Peer("h2", "10.77.0.12", 3888,
        List.of("10.77.0.12"), "", PreflightObservations.Reach.UNREACHABLE, "Connect timed out"));
    assertThat(check.getOutcome()).isEqualTo(CheckOutcome.CHECK_OUTCOME_FAIL);
    assertThat(check.getObserved()).contains("Connect timed out");
    assertThat(check.getMessage()).contains("no firewall between the hosts blocks port 3888");
  }

  @Test
  void refusedConnectionProvesThePathBeforeTheServiceRuns() {
    PreflightCheck check = PreflightRules.peer(new PreflightObservations.Peer("h2", "10.77.0.12", 9092,
        List.of("10.77.0.12"), "", PreflightObservations.Reach.REFUSED, "Connection refused"));
    assertThat(check.getOutcome()).isEqualTo(CheckOutcome.CHECK_OUTCOME_PASS);
    assertThat(check.getObserved()).startsWith("reachable (refused: nothing listens there yet)");
  }

  @Test
  void peerResolvingElsewhereThanTheInventorySaysWarns() {
    PreflightCheck check = PreflightRules.peer(new PreflightObservations.Peer("h2", "10.77.0.12", 7443,
        List.of("127.0.1.1"), "", PreflightObservations.Reach.CONNECTED, ""));
    assertThat(check.getOutcome()).isEqualTo(CheckOutcome.CHECK_OUTCOME_WARN);
    assertThat(check.getMessage()).contains("127.0.1.1").contains("10.77.0.12");
  }

  @Test
  void sandboxPeerOnLoopbackIsNotWarnedAboutItsNameWhichIsOnlyALabel() {
    PreflightCheck check = PreflightRules.peer(new PreflightObservations.Peer("h2", "127.0.1.2", 2888, List.of(),
        "unknown host", PreflightObservations.Reach.REFUSED, "Connection refused"));
    assertThat(check.getOutcome()).isEqualTo(CheckOutcome.CHECK_OUTCOME_PASS);
    assertThat(check.getObserved()).contains("loopback");
  }
}
