package dev.steward.agent.server;

import dev.steward.agent.security.AgentEnrollment;
import dev.steward.agent.security.AgentTls;
import io.grpc.ServerBuilder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the agent listens: the one place that decides between plaintext and TLS.
 *
 * <ul>
 *   <li>TLS (the default): a temporary certificate until the agent is enrolled, then mutual
 *       TLS with the cluster CA. The server is rebuilt on the same port when the certificate
 *       changes.
 *   <li>Plaintext: only on a loopback address (the local sandbox), and it says so loudly.
 * </ul>
 * Either way connections are bounded ({@link ConnectionLimits}): a silent socket, an idle
 * connection or one over the cap is closed.
 */
public final class ServerTransport {

  private static final Logger log = LoggerFactory.getLogger(ServerTransport.class);

  private ServerTransport() {
  }

  /** Makes the server's builder for the agent's current security state. */
  @FunctionalInterface
  public interface Factory {

    /** @param port the port to bind: the one bound before on a rebuild, else the configured one (0: any) */
    ServerBuilder<?> builder(int port) throws IOException;

    /** Releases what the servers built shared (event loops), once the last of them has stopped. */
    default void close() {
    }
  }

  /** A refused transport configuration; the message says what to change. */
  public static final class TransportException extends Exception {

    private static final long serialVersionUID = 1L;

    public TransportException(String message) {
      super(message);
    }
  }

  /** Plaintext without client authentication, refused unless {@code listen} is a loopback address. */
  public static Factory plaintextLoopback(InetSocketAddress listen) throws TransportException {
    return plaintextLoopback(listen, ConnectionLimits.DEFAULTS);
  }

  /** {@link #plaintextLoopback(InetSocketAddress)} with other connection limits (tests: short bounds). */
  public static Factory plaintextLoopback(InetSocketAddress listen, ConnectionLimits limits)
      throws TransportException {
    if (listen.getAddress() == null || !listen.getAddress().isLoopbackAddress()) {
      throw new TransportException("--insecure is refused on " + listen.getHostString() + ": without TLS the agent "
          + "listens only on a loopback address (e.g. --listen 127.0.0.1:7443)");
    }
    log.warn("INSECURE: serving without TLS or client authentication on {}:{} (loopback only; never do this on a "
        + "real network)", listen.getAddress().getHostAddress(), listen.getPort());
    return new BoundedNettyTransport(listen.getAddress(), limits, Optional.empty());
  }

  /** TLS on {@code listen}, with the certificate (temporary or enrolled) the agent has when each server is built. */
  public static Factory tls(InetSocketAddress listen, AgentEnrollment enrollment) {
    return new BoundedNettyTransport(listen.getAddress(), ConnectionLimits.DEFAULTS,
        Optional.of(() -> AgentTls.serverContext(enrollment)));
  }

  /** One given builder (in-process servers in tests); it cannot be rebuilt. */
  public static Factory fixed(ServerBuilder<?> builder) {
    AtomicBoolean used = new AtomicBoolean();
    return port -> {
      if (used.getAndSet(true)) {
        throw new IOException("this server's transport cannot be rebuilt");
      }
      return builder;
    };
  }
}
