package dev.steward.coordinator.probe;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;

/** Does something accept TCP connections at an address and port? */
public final class PortCheck {

  private PortCheck() {
  }

  public static boolean accepts(String address, int port, Duration timeout) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(address, port), (int) timeout.toMillis());
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
