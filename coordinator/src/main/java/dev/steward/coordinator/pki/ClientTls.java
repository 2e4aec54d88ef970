package dev.steward.coordinator.pki;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslProvider;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManager;

/** TLS channels to agents, with the JDK provider (the trust managers here are the JDK's X509 ones). */
final class ClientTls {

  static final int MAX_INBOUND_BYTES = 32 * 1024 * 1024;
  private static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

  private ClientTls() {
  }

  /**
   * @param key the coordinator's key, presented as client certificate when the agent asks (null: none)
   */
  static ManagedChannel channel(String target, PrivateKey key, X509Certificate certificate, TrustManager trust) {
    try {
      SslContextBuilder builder = SslContextBuilder.forClient().trustManager(trust);
      if (key != null) {
        builder.keyManager(key, certificate);
      }
      SslContext context = GrpcSslContexts.configure(builder, SslProvider.JDK).protocols(PROTOCOLS).build();
      return NettyChannelBuilder.forTarget(target)
          .sslContext(context)
          .maxInboundMessageSize(MAX_INBOUND_BYTES)
          .build();
    } catch (SSLException e) {
      throw new IllegalStateException("cannot set up TLS to " + target + ": " + e.getMessage(), e);
    }
  }
}
