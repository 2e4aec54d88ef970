package dev.steward.agent.server;

import io.grpc.ServerBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.net.InetSocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the agent listens: the one place that decides between plaintext and TLS. Only
 * plaintext on a loopback address exists today (the local sandbox); mutual TLS plugs in
 * here, and until then the agent refuses to start without {@code --insecure}.
 */
public final class ServerTransport {

  private static final Logger log = LoggerFactory.getLogger(ServerTransport.class);

  private ServerTransport() {
  }

  /** A refused transport configuration; the message says what to change. */
  public static final class TransportException extends Exception {

    private static final long serialVersionUID = 1L;

    public TransportException(String message) {
      super(message);
    }
  }

  public static ServerBuilder<?> builder(InetSocketAddress listen, boolean insecure) throws TransportException {
    if (!insecure) {
      throw new TransportException("TLS is not available in this agent yet: run with --insecure on a loopback "
          + "address (sandbox only)");
    }
    if (listen.getAddress() == null || !listen.getAddress().isLoopbackAddress()) {
      throw new TransportException("--insecure is refused on " + listen.getHostString() + ": without TLS the agent "
          + "listens only on a loopback address (e.g. --listen 127.0.0.1:7443)");
    }
    log.warn("INSECURE: serving without TLS or client authentication on {}:{} (loopback only; never do this on a "
        + "real network)", listen.getAddress().getHostAddress(), listen.getPort());
    return NettyServerBuilder.forAddress(listen);
  }
}
