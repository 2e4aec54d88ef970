package dev.steward.coordinator.health;

import dev.steward.common.inventory.ConnectorSpec;
import dev.steward.common.inventory.HostSpec;
import dev.steward.common.inventory.Inventory;
import dev.steward.common.state.SecretValues;
import dev.steward.coordinator.Errors;
import dev.steward.coordinator.cdc.ConnectorSlots;
import dev.steward.coordinator.cdc.SlotInfo;
import dev.steward.coordinator.lag.ConsumerLag;
import dev.steward.coordinator.lag.ConsumerLagReader;
import dev.steward.coordinator.lag.GroupLag;
import dev.steward.coordinator.pki.EnrolledHost;
import dev.steward.coordinator.pki.PkiDirectory;
import dev.steward.coordinator.pki.PkiLocation;
import dev.steward.coordinator.probe.LiveCluster;
import dev.steward.coordinator.probe.ProbeException;
import dev.steward.coordinator.secrets.SecretResolver;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads the {@link HealthInputs}: consumer lag through the Admin API (only when Kafka answered),
 * each declared Debezium connector's replication slot (with the connector's own credentials, from
 * the coordinator's environment or files; without them the check is reported as not made), and the
 * certificates' expiry from the PKI directory (only with {@code agent.tls}). A check that fails
 * becomes an {@link HealthInputs.Unchecked}, never an exception.
 */
public final class HealthInputsReader {

  /** Lag is a side show of status: a slow cluster must not hold the command for the rollout's timeouts. */
  static final Duration LAG_TIMEOUT = Duration.ofSeconds(10);

  private final Inventory inventory;
  private final LiveCluster cluster;
  private final Clock clock;

  public HealthInputsReader(Inventory inventory, LiveCluster cluster, Clock clock) {
    this.inventory = inventory;
    this.cluster = cluster;
    this.clock = clock;
  }

  /** @param kafkaReadable false when status could not read Kafka (then lag is not read: Kafka is already an alert) */
  public HealthInputs read(boolean kafkaReadable) {
    List<HealthInputs.Unchecked> unchecked = new ArrayList<>();
    List<GroupLag> lag = kafkaReadable ? lag(unchecked) : List.of();
    List<HealthInputs.SlotReading> slots = slots(unchecked);
    List<HealthInputs.CertificateExpiry> certificates = certificates(unchecked);
    return new HealthInputs(clock.instant(), lag, slots, certificates, unchecked);
  }

  private List<GroupLag> lag(List<HealthInputs.Unchecked> unchecked) {
    try {
      ConsumerLagReader reader = new ConsumerLagReader(cluster.kafkaProbe().admin(), LAG_TIMEOUT);
      return ConsumerLag.of(reader.read(reader.consumerGroups()));
    } catch (ProbeException | RuntimeException e) {
      unchecked.add(new HealthInputs.Unchecked("consumer-lag", "cluster", Errors.rootMessage(e)));
      return List.of();
    }
  }

  private List<HealthInputs.SlotReading> slots(List<HealthInputs.Unchecked> unchecked) {
    List<ConnectorSpec> connectors = ConnectorSlots.debeziumConnectors(inventory);
    if (connectors.isEmpty()) {
      return List.of();
    }
    SecretValues secrets;
    try {
      secrets = SecretResolver.fromProcess().resolve(inventory);
    } catch (SecretResolver.SecretException e) {
      connectors.forEach(c -> unchecked.add(new HealthInputs.Unchecked("replication-slot", c.name(),
          e.getMessage() + " (status reads the slot with the connector's own credentials)")));
      return List.of();
    }
    List<HealthInputs.SlotReading> readings = new ArrayList<>();
    for (ConnectorSpec connector : connectors) {
      try {
        Optional<SlotInfo> slot = ConnectorSlots.slotOf(connector, secrets);
        slot.ifPresent(s -> readings.add(new HealthInputs.SlotReading(connector.name(), s)));
      } catch (RuntimeException e) {
        unchecked.add(new HealthInputs.Unchecked("replication-slot", connector.name(), Errors.rootMessage(e)));
      }
    }
    return readings;
  }

  private List<HealthInputs.CertificateExpiry> certificates(List<HealthInputs.Unchecked> unchecked) {
    if (!inventory.agent().tls()) {
      return List.of();
    }
    PkiDirectory pki = new PkiDirectory(PkiLocation.of(inventory, Optional.empty()));
    List<HealthInputs.CertificateExpiry> certificates = new ArrayList<>();
    try {
      PkiDirectory.Credentials credentials = pki.credentials();
      certificates.add(new HealthInputs.CertificateExpiry("cluster CA", credentials.ca().getNotAfter().toInstant()));
      certificates.add(new HealthInputs.CertificateExpiry("coordinator",
          credentials.coordinatorCertificate().getNotAfter().toInstant()));
      PkiDirectory.Hosts hosts = pki.hosts();
      for (HostSpec host : inventory.hosts()) {
        hosts.current(host.name()).map(EnrolledHost::notAfter)
            .ifPresent(notAfter -> certificates.add(new HealthInputs.CertificateExpiry(host.name(), notAfter)));
      }
    } catch (IOException | RuntimeException e) {
      unchecked.add(new HealthInputs.Unchecked("certificates", "coordinator", "the PKI in " + pki.dir()
          + " cannot be read: " + Errors.rootMessage(e)));
    }
    return certificates;
  }
}
