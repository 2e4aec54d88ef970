package dev.steward.agent.server;

import io.grpc.netty.shaded.io.netty.channel.Channel;
import io.grpc.netty.shaded.io.netty.channel.ChannelHandlerContext;
import io.grpc.netty.shaded.io.netty.channel.ChannelInboundHandlerAdapter;
import io.grpc.netty.shaded.io.netty.channel.ServerChannel;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Caps how many connections one listening socket holds open; gRPC has no such limit. It sits
 * first in the listening channel's pipeline, ahead of the acceptor Netty adds, so it sees each
 * accepted socket before an event loop, TLS engine or gRPC transport is spent on it: one over
 * the cap is closed right there, and the refusal logged rate-limited ({@link RefusalLog}). A
 * connection counts from its accept until its socket is closed, by either side.
 */
final class ConnectionCap extends ChannelInboundHandlerAdapter {

  static final Duration LOG_WINDOW = Duration.ofMinutes(1);

  private static final Logger log = LoggerFactory.getLogger(ConnectionCap.class);

  private final int maxConnections;
  // incremented on the listening channel's event loop, decremented on the connections' ones
  private final AtomicInteger open = new AtomicInteger();
  // only touched on the listening channel's event loop
  private final RefusalLog refusals;

  private ConnectionCap(int maxConnections) {
    this.maxConnections = maxConnections;
    this.refusals = new RefusalLog(maxConnections, LOG_WINDOW);
  }

  /** Puts a cap of {@code maxConnections} on a new listening channel, before it is bound. */
  static <C extends ServerChannel> C install(C listening, int maxConnections) {
    listening.pipeline().addLast(new ConnectionCap(maxConnections));
    return listening;
  }

  @Override
  public void channelRead(ChannelHandlerContext context, Object message) {
    Channel accepted = (Channel) message;
    if (open.incrementAndGet() > maxConnections) {
      open.decrementAndGet();
      refuse(context, accepted);
      return;
    }
    accepted.closeFuture().addListener(closed -> open.decrementAndGet());
    context.fireChannelRead(accepted);
  }

  private void refuse(ChannelHandlerContext context, Channel accepted) {
    SocketAddress peer = accepted.remoteAddress();
    // Not registered with an event loop yet, so close() cannot run; closing the socket directly is
    // what Netty's acceptor itself does with a connection it cannot register.
    accepted.unsafe().closeForcibly();
    refusals.refused(peer).ifPresent(line -> {
      log.warn(line);
      reportWindowEnd(context);
    });
  }

  private void reportWindowEnd(ChannelHandlerContext context) {
    context.executor().schedule(() -> refusals.windowEnded().ifPresent(line -> {
      log.warn(line);
      reportWindowEnd(context);
    }), LOG_WINDOW.toMillis(), TimeUnit.MILLISECONDS);
  }
}
