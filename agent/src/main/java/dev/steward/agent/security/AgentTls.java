package dev.steward.agent.security;

import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLException;

/**
 * The agent's TLS server contexts. The JDK provider everywhere, so that certificate checks
 * (chain to the CA, validity, extended key usage) are the JDK's PKIX checks.
 *
 * <ul>
 *   <li>pending: the temporary self-signed certificate; no client certificate is asked for;
 *   <li>enrolled: the CA-issued certificate; a client certificate is optional in the handshake
 *       but, when sent, must chain to the cluster CA (an expired one or another CA's fails the
 *       handshake). The authorization interceptor then refuses calls without one
 *       (UNAUTHENTICATED) or with another role (PERMISSION_DENIED); health stays open for
 *       readiness probes.
 * </ul>
 */
public final class AgentTls {

  private static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

  private AgentTls() {
  }

  public static SslContext serverContext(AgentEnrollment enrollment) throws IOException {
    AgentTlsFiles files = enrollment.files();
    try {
      SslContextBuilder builder;
      if (enrollment.enrolled().isPresent()) {
        AgentTlsFiles.Enrolled enrolled = enrollment.enrolled().get();
        builder = SslContextBuilder.forServer(files.keyPair().getPrivate(), enrolled.certificate(), enrolled.ca())
            .trustManager(new X509Certificate[] {enrolled.ca()})
            .clientAuth(ClientAuth.OPTIONAL);
      } else {
        builder = SslContextBuilder.forServer(files.keyPair().getPrivate(), files.temporaryCertificate())
            .clientAuth(ClientAuth.NONE);
      }
      return GrpcSslContexts.configure(builder, SslProvider.JDK).protocols(PROTOCOLS).build();
    } catch (SSLException e) {
      throw new IOException("cannot set up TLS: " + e.getMessage(), e);
    }
  }
}
