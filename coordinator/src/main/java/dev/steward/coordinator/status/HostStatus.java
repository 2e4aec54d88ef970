package dev.steward.coordinator.status;

import dev.steward.coordinator.probe.ServiceProcess;
import java.util.List;
import java.util.Optional;

/**
 * One host as the status command shows it.
 *
 * @param zookeeperMode present when the host runs ZooKeeper: its mode, or "down"
 * @param brokerRegistered present when the host runs a broker
 * @param brokerProcess present when the host runs a broker: its process as the agent sees it,
 *     which knows of a dead broker long before ZooKeeper drops its registration
 */
public record HostStatus(
    String name,
    String address,
    boolean agentUp,
    String agentError,
    Optional<String> zookeeperMode,
    Optional<Integer> brokerId,
    Optional<Boolean> brokerRegistered,
    Optional<ServiceProcess> brokerProcess,
    long totalMemoryBytes,
    long availableMemoryBytes,
    List<DiskSpace> disks) {

  public HostStatus {
    disks = List.copyOf(disks);
  }

  /** The broker's process is known dead (whatever ZooKeeper still says). */
  public boolean brokerDown() {
    return brokerProcess.map(ServiceProcess::knownDown).orElse(false);
  }

  /** The BROKER column: registration and process together, and "unknown" rather than a guess. */
  public String describeBroker() {
    if (brokerId.isEmpty()) {
      return "-";
    }
    String id = "(id " + brokerId.get() + ")";
    boolean registered = brokerRegistered.orElse(false);
    if (!agentUp) {
      return (registered ? "registered " : "NOT REGISTERED ") + id + ", process unknown: agent down";
    }
    if (brokerDown()) {
      return "DOWN " + id + ": " + brokerProcess.get().describe()
          + (registered ? "; ZooKeeper lists it until its session expires" : "");
    }
    return registered ? "registered " + id : "NOT REGISTERED " + id + " (process running: starting or recovering)";
  }

  /** Free space on the file store under one data directory. */
  public record DiskSpace(String path, long usableBytes, long totalBytes, long requiredBytes) {

    public boolean belowRequired() {
      return usableBytes < requiredBytes;
    }
  }
}
