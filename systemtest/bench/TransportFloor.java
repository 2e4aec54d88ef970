package dev.steward.agent.security;

import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslProvider;
import io.grpc.protobuf.services.HealthStatusManager;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;

/**
 * The memory floor under steward-agent: a gRPC server on the agent's transport (grpc-netty-shaded) that serves
 * gRPC's health service and nothing else, run by systemtest/bench/transport-floor.sh with the agent's JVM options
 * and class path. With TLS it is set up as the enrolled agent's is (the JDK provider, TLS 1.3 and 1.2, an EC P-256
 * key, the client's certificate checked against a trusted one). Whatever the agent holds above this figure is the
 * agent's own; what it holds up to it, no change inside the agent can save. In the agent's package for the
 * package-private certificate writer the agent itself uses (AgentCertificates).
 */
public final class TransportFloor {

  private TransportFloor() {
  }

  /**
   * {@code serve plaintext|tls DIR} prints "serving PORT"; {@code call plaintext|tls PORT DIR N} connects N times,
   * as N coordinator commands would, and checks health four times on each connection.
   */
  public static void main(String[] args) throws Exception {
    boolean tls = args[1].equals("tls");
    if (args[0].equals("serve")) {
      serve(tls, Path.of(args[2]));
    } else {
      call(tls, Integer.parseInt(args[2]), Path.of(args[3]), Integer.parseInt(args[4]));
    }
  }

  private static void serve(boolean tls, Path dir) throws Exception {
    NettyServerBuilder builder = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0));
    if (tls) {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      KeyPair pair = generator.generateKeyPair();
      X509Certificate certificate = AgentCertificates.selfSigned(pair, "localhost", "floor", BigInteger.ONE,
          Instant.now().minusSeconds(60), Instant.now().plusSeconds(86_400));
      Files.write(dir.resolve("floor.crt"), certificate.getEncoded());
      Files.write(dir.resolve("floor.key"), pair.getPrivate().getEncoded());
      builder.sslContext(GrpcSslContexts.configure(
              SslContextBuilder.forServer(pair.getPrivate(), certificate)
                  .trustManager(certificate)
                  .clientAuth(ClientAuth.OPTIONAL),
              SslProvider.JDK)
          .protocols("TLSv1.3", "TLSv1.2")
          .build());
    }
    Server server = builder.addService(new HealthStatusManager().getHealthService()).build().start();
    System.out.println("serving " + server.getPort());
    System.out.flush();
    server.awaitTermination();
  }

  private static void call(boolean tls, int port, Path dir, int connections) throws Exception {
    for (int i = 0; i < connections; i++) {
      connectAndCheck(tls, port, dir);
    }
  }

  private static void connectAndCheck(boolean tls, int port, Path dir) throws Exception {
    NettyChannelBuilder builder = NettyChannelBuilder.forAddress("127.0.0.1", port);
    if (tls) {
      X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
          .generateCertificate(new ByteArrayInputStream(Files.readAllBytes(dir.resolve("floor.crt"))));
      PrivateKey key = KeyFactory.getInstance("EC")
          .generatePrivate(new PKCS8EncodedKeySpec(Files.readAllBytes(dir.resolve("floor.key"))));
      builder.sslContext(GrpcSslContexts.forClient().keyManager(key, certificate).trustManager(certificate).build())
          .overrideAuthority("localhost");
    } else {
      builder.usePlaintext();
    }
    ManagedChannel channel = builder.build();
    try {
      for (int i = 0; i < 4; i++) {
        HealthGrpc.newBlockingStub(channel).check(HealthCheckRequest.getDefaultInstance());
      }
    } finally {
      channel.shutdownNow();
    }
  }
}
