package dev.steward.coordinator.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.common.inventory.AlertsSpec;
import dev.steward.coordinator.cdc.SlotInfo;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Every alert of steward status, one scenario each, from plain values. */
class AlertsTest {

  private final HealthFixtures f = new HealthFixtures();

  private Alert only() {
    List<Alert> alerts = f.alerts();
    assertThat(alerts).as("alerts").hasSize(1);
    return alerts.get(0);
  }

  @Test
  void healthyClusterHasNoAlerts() {
    assertThat(f.alerts()).isEmpty();
    assertThat(f.report().healthy()).isTrue();
  }

  @Test
  void brokerDown() {
    f.hosts.set(1, HealthFixtures.host("h2", "follower", 2, false, 80L << 30, 250L << 30));
    f.cluster = HealthFixtures.cluster(List.of(1, 2, 3), 0, 0, Optional.empty(), true, true);

    Alert alert = only();
    assertThat(alert.kind()).isEqualTo(Alerts.BROKER_DOWN);
    assertThat(alert.subject()).isEqualTo("h2");
    assertThat(alert.critical()).isTrue();
    assertThat(alert.message()).contains("broker 2", "start it");
    assertThat(f.report().healthy()).isFalse();
  }

  @Test
  void brokerNotRegisteredWhileItsProcessRuns() {
    f.cluster = HealthFixtures.cluster(List.of(1, 3), 0, 0, Optional.empty(), true, true);
    assertThat(only()).extracting(Alert::kind, Alert::subject).containsExactly(Alerts.BROKER_NOT_REGISTERED, "h2");
  }

  @Test
  void agentDownIsAnAlertAndItsBrokerIsNotCalledDown() {
    f.hosts.set(2, HealthFixtures.agentDown("h3", 3));
    Alert alert = only();
    assertThat(alert.kind()).isEqualTo(Alerts.AGENT_DOWN);
    assertThat(alert.message()).contains("127.0.1.3", "start steward-agent");
  }

  @Test
  void underReplicated() {
    f.cluster = HealthFixtures.cluster(List.of(1, 2, 3), 4, 0, Optional.empty(), true, true);
    assertThat(only()).extracting(Alert::kind, Alert::subject).containsExactly(Alerts.UNDER_REPLICATED, "cluster");
  }

  @Test
  void offlinePartitions() {
    f.cluster = HealthFixtures.cluster(List.of(1, 2, 3), 0, 2, Optional.empty(), true, true);
    assertThat(only().kind()).isEqualTo(Alerts.OFFLINE);
  }

  @Test
  void kafkaUnreadableHidesThePartitionCounts() {
    f.cluster = HealthFixtures.cluster(List.of(1, 2, 3), 0, 0, Optional.of("Kafka did not answer"), true, true);
    assertThat(only().kind()).isEqualTo(Alerts.KAFKA_UNREADABLE);
  }

  @Test
  void zookeeperNotSyncedNamesTheNodeThatIsDown() {
    f.hosts.set(2, HealthFixtures.host("h3", "down", 3));
    f.cluster = HealthFixtures.cluster(List.of(1, 2, 3), 0, 0, Optional.empty(), true, false);
    assertThat(f.alerts()).extracting(Alert::kind, Alert::subject)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(Alerts.ZOOKEEPER_DOWN, "h3"),
            org.assertj.core.groups.Tuple.tuple(Alerts.ZOOKEEPER_NOT_SYNCED, "cluster"));
  }

  @Test
  void zookeeperWithoutQuorum() {
    f.cluster = HealthFixtures.cluster(List.of(1, 2, 3), 0, 0, Optional.empty(), false, false);
    assertThat(only().kind()).isEqualTo(Alerts.ZOOKEEPER_NO_QUORUM);
  }

  @Test
  void diskBelowHeadroom() {
    f.hosts.set(0, HealthFixtures.host("h1", "leader", 1, true, 20L << 30, 250L << 30));
    Alert alert = only();
    assertThat(alert.kind()).isEqualTo(Alerts.DISK_LOW);
    assertThat(alert.subject()).isEqualTo("h1");
    assertThat(alert.message()).contains("/var/lib/kafka/logs", "10%");
  }

  @Test
  void diskThresholdFromTheInventory() {
    f.thresholds = new AlertsSpec(0, 100L << 30, 10_000, Duration.ofDays(30), 256L << 20);
    assertThat(f.alerts()).extracting(Alert::kind).containsOnly(Alerts.DISK_LOW).hasSize(3);
  }

  @Test
  void lagAboveThreshold() {
    f.lag.add(HealthFixtures.group("reports", 10_001));
    Alert alert = only();
    assertThat(alert).extracting(Alert::kind, Alert::subject).containsExactly(Alerts.CONSUMER_LAG, "reports");
    assertThat(alert.message()).contains("10001", "steward lag -g reports");
  }

  @Test
  void lagAtTheThresholdIsFine() {
    f.lag.add(HealthFixtures.group("reports", 10_000));
    assertThat(f.alerts()).isEmpty();
  }

  @Test
  void connectorTaskFailed() {
    f.connectors.add(HealthFixtures.connector("pg-sink", "RUNNING", "FAILED"));
    Alert alert = only();
    assertThat(alert).extracting(Alert::kind, Alert::subject).containsExactly(Alerts.TASK_FAILED, "pg-sink/0");
    assertThat(alert.message()).contains("ConnectException: boom", "--failed-only").doesNotContain("\n");
  }

  @Test
  void connectorFailed() {
    f.connectors.set(0, HealthFixtures.connector("orders-sink", "FAILED", "RUNNING"));
    assertThat(only()).extracting(Alert::kind, Alert::subject).containsExactly(Alerts.CONNECTOR_FAILED, "orders-sink");
  }

  @Test
  void connectWorkerDown() {
    f.workers.set(1, HealthFixtures.worker("h2", false));
    assertThat(only()).extracting(Alert::kind, Alert::subject).containsExactly(Alerts.CONNECT_WORKER_DOWN, "h2");
  }

  @Test
  void inactiveSlotHoldingWal() {
    f.slots.set(0, new HealthInputs.SlotReading("inventory-cdc",
        new SlotInfo("debezium_inventory", "pgoutput", "shop", false, 300L << 20)));
    Alert alert = only();
    assertThat(alert).extracting(Alert::kind, Alert::subject)
        .containsExactly(Alerts.SLOT_HOLDING_WAL, "debezium_inventory");
    assertThat(alert.message()).contains("inventory-cdc", "--drop-slot");
  }

  @Test
  void activeSlotOrSmallWalIsFine() {
    f.slots.set(0, new HealthInputs.SlotReading("a", new SlotInfo("s1", "pgoutput", "shop", true, 1L << 30)));
    f.slots.add(new HealthInputs.SlotReading("b", new SlotInfo("s2", "pgoutput", "shop", false, 1L << 20)));
    assertThat(f.alerts()).isEmpty();
  }

  @Test
  void certificateExpiresIn20Days() {
    f.certificates.add(new HealthInputs.CertificateExpiry("h2", HealthFixtures.NOW.plus(Duration.ofDays(20))));
    Alert alert = only();
    assertThat(alert).extracting(Alert::kind, Alert::subject).containsExactly(Alerts.CERTIFICATE_EXPIRING, "h2");
    assertThat(alert.message()).contains("in 20 days", "steward enroll h2 --renew");
    assertThat(alert.critical()).isTrue();
  }

  @Test
  void coordinatorCertificateAlreadyExpired() {
    f.certificates.set(1, new HealthInputs.CertificateExpiry("coordinator", HealthFixtures.NOW.minusSeconds(60)));
    assertThat(only().message()).contains("expired", "renew-coordinator");
  }

  @Test
  void certificateExpiringIn40DaysIsFine() {
    f.certificates.add(new HealthInputs.CertificateExpiry("h2", HealthFixtures.NOW.plus(Duration.ofDays(40))));
    assertThat(f.alerts()).isEmpty();
  }

  @Test
  void checkNotMadeIsAWarningThatKeepsTheClusterHealthy() {
    f.unchecked.add(new HealthInputs.Unchecked("replication-slot", "inventory-cdc", "secret PG_PASSWORD is not set"));
    Alert alert = only();
    assertThat(alert.severity()).isEqualTo(Alert.Severity.WARNING);
    assertThat(alert.line()).startsWith("WARNING check-not-made inventory-cdc: replication-slot not checked");
    assertThat(f.report().healthy()).isTrue();
  }

  @Test
  void everyKindIsListed() {
    assertThat(Alerts.KINDS).doesNotHaveDuplicates().hasSize(17);
  }
}
