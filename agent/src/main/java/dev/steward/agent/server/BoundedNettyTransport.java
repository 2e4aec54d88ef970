package dev.steward.agent.server;

import io.grpc.ServerBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.MultiThreadIoEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.nio.NioIoHandler;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioServerSocketChannel;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The agent's Netty servers, each bounded by {@link ConnectionLimits} and a keepalive that
 * notices vanished peers. The connection cap needs a listening channel of the agent's own
 * ({@link ConnectionCap}), and gRPC then wants the event loops given too: they are NIO (the
 * agent serves a handful of connections, and NIO needs no native library unpacked into /tmp),
 * made with the first server and shared by every rebuild until {@link #close()}.
 */
final class BoundedNettyTransport implements ServerTransport.Factory {

  /**
   * Ping a connection that has been silent this long: a coordinator that vanished mid-call
   * (host gone, cable pulled) is noticed and its calls are cancelled, instead of holding the
   * connection until TCP gives up hours later. Any gRPC client answers pings.
   */
  static final Duration KEEPALIVE_TIME = Duration.ofMinutes(1);
  static final Duration KEEPALIVE_TIMEOUT = Duration.ofSeconds(20);
  /**
   * How often a client may ping during calls. The coordinator's channels send no keepalive
   * pings; this leaves room for one of 30 s or more without a "too many pings" GOAWAY. Pings
   * without calls are refused: an idle connection is closed anyway ({@link ConnectionLimits}).
   */
  static final Duration PERMIT_KEEPALIVE_TIME = Duration.ofSeconds(30);

  /** Makes the TLS context of each server built (the certificate changes on enrollment). */
  @FunctionalInterface
  interface TlsContexts {
    SslContext current() throws IOException;
  }

  private final InetAddress address;
  private final ConnectionLimits limits;
  private final Optional<TlsContexts> tls;
  private EventLoopGroup acceptors;
  private EventLoopGroup workers;
  private boolean closed;

  /** @param tls empty: plaintext */
  BoundedNettyTransport(InetAddress address, ConnectionLimits limits, Optional<TlsContexts> tls) {
    this.address = address;
    this.limits = limits;
    this.tls = tls;
  }

  @Override
  public synchronized ServerBuilder<?> builder(int port) throws IOException {
    if (closed) {
      throw new IOException("the agent's transport is closed");
    }
    if (acceptors == null) {
      acceptors = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("agent-accept", true),
          NioIoHandler.newFactory());
      workers = new MultiThreadIoEventLoopGroup(0, new DefaultThreadFactory("agent-io", true),
          NioIoHandler.newFactory());
    }
    int maxConnections = limits.maxConnections();
    NettyServerBuilder builder = NettyServerBuilder.forAddress(new InetSocketAddress(address, port))
        .channelFactory(() -> ConnectionCap.install(new NioServerSocketChannel(), maxConnections))
        .bossEventLoopGroup(acceptors)
        .workerEventLoopGroup(workers)
        .handshakeTimeout(limits.handshakeTimeout().toMillis(), TimeUnit.MILLISECONDS)
        .maxConnectionIdle(limits.idleTimeout().toMillis(), TimeUnit.MILLISECONDS)
        .keepAliveTime(KEEPALIVE_TIME.toMillis(), TimeUnit.MILLISECONDS)
        .keepAliveTimeout(KEEPALIVE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
        .permitKeepAliveTime(PERMIT_KEEPALIVE_TIME.toMillis(), TimeUnit.MILLISECONDS)
        .permitKeepAliveWithoutCalls(false);
    if (tls.isPresent()) {
      builder.sslContext(tls.get().current());
    }
    return builder;
  }

  /** Stops the event loops; the servers built must have stopped already. */
  @Override
  public synchronized void close() {
    closed = true;
    if (acceptors != null) {
      acceptors.shutdownGracefully(0, 5, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
      workers.shutdownGracefully(0, 5, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
    }
  }
}
