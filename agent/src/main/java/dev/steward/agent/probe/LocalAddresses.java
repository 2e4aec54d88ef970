package dev.steward.agent.probe;

import java.io.IOException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.UnknownHostException;

/**
 * The agent probes only its own host: it must never become a way to reach other machines
 * from the coordinator's side.
 */
public final class LocalAddresses {

  private LocalAddresses() {
  }

  /**
   * @throws IllegalArgumentException when {@code address} is empty, does not resolve, or is not this host's
   */
  public static InetAddress requireLocal(String field, String address) {
    if (address == null || address.isEmpty()) {
      throw new IllegalArgumentException(field + " is empty: give an address of this host, e.g. 127.0.0.1");
    }
    InetAddress resolved;
    try {
      resolved = InetAddress.getByName(address);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(field + " '" + address + "' does not resolve on this host");
    }
    if (!isLocal(resolved)) {
      throw new IllegalArgumentException(field + " " + address + " is not an address of this host: the agent probes "
          + "only its own services; ask the agent on that host instead");
    }
    return resolved;
  }

  static boolean isLocal(InetAddress address) {
    if (address.isLoopbackAddress()) {
      return true;
    }
    try {
      return NetworkInterface.getByInetAddress(address) != null;
    } catch (IOException e) {
      return false;
    }
  }

  public static int requirePort(String field, int port) {
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException(field + " " + Integer.toUnsignedString(port) + " is not a TCP port: use 1..65535");
    }
    return port;
  }
}
