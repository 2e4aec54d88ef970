package dev.steward.coordinator.connect;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A worker that hangs: it accepts connections and never says a word. */
final class SilentServer implements AutoCloseable {

  private final ServerSocket socket;
  private final List<Socket> held = new CopyOnWriteArrayList<>();

  private SilentServer(ServerSocket socket) {
    this.socket = socket;
  }

  static SilentServer start() throws IOException {
    SilentServer server = new SilentServer(new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1")));
    Thread acceptor = new Thread(server::acceptForever, "silent-server");
    acceptor.setDaemon(true);
    acceptor.start();
    return server;
  }

  /** A URL where nothing listens: the port was free a moment ago. */
  static URI refusingUrl() throws IOException {
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return URI.create("http://127.0.0.1:" + probe.getLocalPort());
    }
  }

  URI url() {
    return URI.create("http://127.0.0.1:" + socket.getLocalPort());
  }

  private void acceptForever() {
    try {
      while (!socket.isClosed()) {
        held.add(socket.accept());
      }
    } catch (IOException closed) {
      // close() ends the loop
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
    for (Socket connection : held) {
      connection.close();
    }
  }
}
