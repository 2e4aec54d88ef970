package dev.steward.coordinator.status;

import java.util.List;
import java.util.Optional;

/**
 * One host as the status command shows it.
 *
 * @param zookeeperMode present when the host runs ZooKeeper: its mode, or "down"
 * @param brokerRegistered present when the host runs a broker
 */
public record HostStatus(
    String name,
    String address,
    boolean agentUp,
    String agentError,
    Optional<String> zookeeperMode,
    Optional<Integer> brokerId,
    Optional<Boolean> brokerRegistered,
    long totalMemoryBytes,
    long availableMemoryBytes,
    List<DiskSpace> disks) {

  public HostStatus {
    disks = List.copyOf(disks);
  }

  /** Free space on the file store under one data directory. */
  public record DiskSpace(String path, long usableBytes, long totalBytes, long requiredBytes) {

    public boolean belowRequired() {
      return usableBytes < requiredBytes;
    }
  }
}
