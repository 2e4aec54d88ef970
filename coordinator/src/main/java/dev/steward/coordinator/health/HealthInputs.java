package dev.steward.coordinator.health;

import dev.steward.coordinator.cdc.SlotInfo;
import dev.steward.coordinator.lag.GroupLag;
import java.time.Instant;
import java.util.List;

/**
 * What {@code steward status} reads beyond the hosts and the cluster, for its alerts: read by
 * {@link HealthInputsReader}, judged by {@link Alerts}.
 *
 * @param now when the certificates' expiry is measured from
 * @param lag every consumer group's lag (empty when not read: see {@code unchecked})
 * @param slots the replication slot of each declared Debezium connector that has one
 * @param certificates the cluster CA's, the coordinator's and every enrolled host's certificate (empty without TLS)
 * @param unchecked the checks that could not be made, and why
 */
public record HealthInputs(Instant now, List<GroupLag> lag, List<SlotReading> slots,
                           List<CertificateExpiry> certificates, List<Unchecked> unchecked) {

  public HealthInputs {
    lag = List.copyOf(lag);
    slots = List.copyOf(slots);
    certificates = List.copyOf(certificates);
    unchecked = List.copyOf(unchecked);
  }

  /** Nothing beyond the hosts and the cluster. */
  public static HealthInputs none() {
    return new HealthInputs(Instant.EPOCH, List.of(), List.of(), List.of(), List.of());
  }

  /** A Debezium connector's replication slot. */
  public record SlotReading(String connector, SlotInfo slot) {
  }

  /** @param subject "cluster CA", "coordinator" or a host's name */
  public record CertificateExpiry(String subject, Instant notAfter) {
  }

  /** @param check "consumer-lag", "replication-slot" or "certificates" */
  public record Unchecked(String check, String subject, String why) {
  }
}
