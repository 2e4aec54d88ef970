package dev.steward.agent.server;

import java.time.Duration;

/**
 * Bounds on the connections the agent's gRPC server holds, so that silent, half-open or
 * abandoned sockets cannot pile up against its open-file limit (issue 11: 200 silent TCP
 * connections used to stay open). Every bound closes a connection the coordinator has no use
 * for; a closed idle connection costs the coordinator nothing but a reconnect on its next call.
 *
 * @param handshakeTimeout how long a new connection may take to finish its TLS and HTTP/2
 *     setup; a socket that sends nothing, or not enough, is closed after it
 * @param idleTimeout how long an established connection may go without a call before the
 *     agent closes it (gracefully, with a GOAWAY, so a client simply reconnects)
 * @param maxConnections how many connections may be open at once, those still in their
 *     handshake included; one more is closed as soon as it is accepted
 */
public record ConnectionLimits(Duration handshakeTimeout, Duration idleTimeout, int maxConnections) {

  /**
   * 10 s: a TLS and HTTP/2 setup takes milliseconds on a LAN and well under a second across
   * continents; Netty's own TLS handshake bound is the same. 5 minutes: the coordinator's
   * channel lives for one command, and a command's quiet stretches (a rolling restart waiting
   * on another host's gate) only cost a reconnect. 1024: the agent's clients are one or a few
   * coordinators with one connection each, so the cap only ever meets a flood; it must hold one
   * of hundreds of silent sockets (measured: 500 in FaultIT) while a coordinator still gets in,
   * and the handshake bound clears a larger flood within 10 s. It stays far below the open-file
   * limit of the agent's unit (20,000), which its services' logs, journal and children share.
   */
  public static final ConnectionLimits DEFAULTS =
      new ConnectionLimits(Duration.ofSeconds(10), Duration.ofMinutes(5), 1024);

  public ConnectionLimits {
    requirePositive("handshakeTimeout", handshakeTimeout);
    requirePositive("idleTimeout", idleTimeout);
    if (maxConnections < 1) {
      throw new IllegalArgumentException("maxConnections must be at least 1, not " + maxConnections);
    }
  }

  private static void requirePositive(String name, Duration value) {
    if (value == null || value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be a positive duration, not " + value);
    }
  }
}
