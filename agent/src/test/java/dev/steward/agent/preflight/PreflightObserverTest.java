package dev.steward.agent.preflight;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
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
}
