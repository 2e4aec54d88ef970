package dev.steward.agent.preflight;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PreflightObserverTest {

  @Test
  void aPortHeldByAListenerIsInUseAndAFreeOneIsFree() throws Exception {
    InetAddress loopback = InetAddress.getLoopbackAddress();
    ServerSocket holder = new ServerSocket();
    holder.bind(new InetSocketAddress(loopback, 0));
    int port = holder.getLocalPort();
    try {
      assertThat(PreflightObserver.PortProbe.tryBind(loopback, port)).isEqualTo(PreflightObservations.Binding.IN_USE);
    } finally {
      holder.close();
    }
    assertThat(PreflightObserver.PortProbe.tryBind(loopback, port)).isEqualTo(PreflightObservations.Binding.FREE);
  }

  @Test
  void anAddressOfAnotherHostCannotBeBound() throws Exception {
    // TEST-NET-1 (RFC 5737): never assigned to an interface here
    assertThat(PreflightObserver.PortProbe.tryBind(InetAddress.getByName("192.0.2.1"), 9092))
        .isEqualTo(PreflightObservations.Binding.ADDRESS_NOT_LOCAL);
  }

  @Test
  void aPortWhoseLastConnectionIsInTimeWaitIsFreeForTheServiceAsItBindsWithReuseAddress() throws Exception {
    InetAddress loopback = InetAddress.getLoopbackAddress();
    int port;
    try (ServerSocket service = new ServerSocket()) {
      service.setReuseAddress(true);
      service.bind(new InetSocketAddress(loopback, 0));
      port = service.getLocalPort();
      try (Socket client = new Socket(loopback, port); Socket accepted = service.accept()) {
        // the service's side closes first, as a stopping ZooKeeper or broker does: its end of
        // the connection stays in TIME_WAIT on the service's port for a minute
        accepted.close();
        client.getInputStream().read();
      }
    }
    assertThat(timeWaitOn(port)).as("a TIME_WAIT socket on the port, as after `sandbox down`").isTrue();

    assertThat(PreflightObserver.PortProbe.tryBind(loopback, port)).isEqualTo(PreflightObservations.Binding.FREE);
  }

  /** /proc/net/tcp or tcp6 (Java's sockets are dual-stack) list a socket in TIME_WAIT (06) on the local port. */
  private static boolean timeWaitOn(int port) throws Exception {
    String hexPort = String.format(":%04X", port);
    List<String> lines = new ArrayList<>();
    for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
      lines.addAll(java.nio.file.Files.readAllLines(java.nio.file.Path.of(table)));
    }
    return lines.stream().map(line -> line.trim().split("\\s+"))
        .anyMatch(fields -> fields.length > 3 && fields[1].endsWith(hexPort) && fields[3].equals("06"));
  }
}
