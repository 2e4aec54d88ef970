package dev.steward.agent.preflight;

import dev.steward.agent.v1.ServiceName;
import java.util.List;

/**
 * What the agent found on the host for a preflight, as plain data: the rules turn it into
 * checks without touching anything, so every rule is tested with values.
 *
 * @param javaFeature 0 when no Java runs
 */
public record PreflightObservations(long totalMemoryBytes, Java java, List<Disk> disks, List<Port> ports,
                                    List<Peer> peers) {

  public PreflightObservations {
    disks = List.copyOf(disks);
    ports = List.copyOf(ports);
    peers = List.copyOf(peers);
  }

  /** The Java the services will run on. */
  public record Java(boolean present, String version, int feature, String javaHome) {
  }

  /**
   * Space under a data path.
   *
   * @param error why it could not be measured, or ""
   */
  public record Disk(String path, String measuredPath, String mountPoint, long usableBytes, String error) {
  }

  /** Whether an expected port could be bound. */
  public enum Binding {
    FREE, IN_USE, ADDRESS_NOT_LOCAL, ERROR
  }

  /**
   * A port Steward's services will bind.
   *
   * @param ownerActive the owning service is ACTIVE (then an in-use port is its own)
   */
  public record Port(String address, int port, ServiceName owner, Binding binding, boolean ownerActive, String error) {
  }

  /** How a TCP connection attempt to a peer ended. */
  public enum Reach {
    /** a listener accepted it */
    CONNECTED,
    /** the peer's kernel refused it: the host is reachable, nothing listens there (yet) */
    REFUSED,
    /** no answer within the timeout, no route, or another error */
    UNREACHABLE
  }

  /**
   * Another host.
   *
   * @param resolvedAddresses what the peer's name resolves to here (empty when it does not)
   * @param reach how a TCP connection to address:port ended within the timeout
   */
  public record Peer(String name, String address, int port, List<String> resolvedAddresses, String resolveError,
                     Reach reach, String connectError) {

    public Peer {
      resolvedAddresses = List.copyOf(resolvedAddresses);
    }
  }
}
