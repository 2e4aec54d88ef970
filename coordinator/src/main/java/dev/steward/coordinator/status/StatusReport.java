package dev.steward.coordinator.status;

import dev.steward.common.inventory.AlertsSpec;
import dev.steward.coordinator.connect.ConnectClusterSnapshot;
import dev.steward.coordinator.health.Alert;
import dev.steward.coordinator.health.Alerts;
import dev.steward.coordinator.health.HealthInputs;
import java.util.List;
import java.util.Optional;

/**
 * Everything {@code steward status} shows.
 *
 * @param connect the Connect workers and connectors; empty when the inventory runs no worker
 * @param inputs the lag, replication slots and certificates read for the alerts
 * @param thresholds the inventory's {@code alerts:} section
 */
public record StatusReport(ClusterStatus cluster, List<HostStatus> hosts, Optional<ConnectClusterSnapshot> connect,
                           HealthInputs inputs, AlertsSpec thresholds) {

  public StatusReport {
    hosts = List.copyOf(hosts);
  }

  /** The hosts and the cluster alone, judged with the default thresholds. */
  public StatusReport(ClusterStatus cluster, List<HostStatus> hosts, Optional<ConnectClusterSnapshot> connect) {
    this(cluster, hosts, connect, HealthInputs.none(), AlertsSpec.DEFAULTS);
  }

  /** Every alert, in the order hosts, cluster, Connect, lag, slots, certificates, checks not made. */
  public List<Alert> alerts() {
    return Alerts.of(cluster, hosts, connect, inputs, thresholds);
  }

  /**
   * No critical alert: every agent answers, ZooKeeper has a fully synced quorum, every broker of the
   * inventory is registered and its process running, no partition is offline or under-replicated,
   * every Connect worker is healthy with no connector or task FAILED, no disk below its headroom, no
   * consumer group lagging above the threshold, no inactive slot holding WAL, no certificate about
   * to expire ({@link Alerts}).
   */
  public boolean healthy() {
    return alerts().stream().noneMatch(Alert::critical);
  }
}
