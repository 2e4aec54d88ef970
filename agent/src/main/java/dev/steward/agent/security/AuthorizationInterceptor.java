package dev.steward.agent.security;

import io.grpc.Contexts;
import io.grpc.Context;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies {@link Authorization} to every call before any handler runs, and makes the
 * caller's identity available through {@link CallerIdentity#current()}.
 */
public final class AuthorizationInterceptor implements ServerInterceptor {

  private static final Logger log = LoggerFactory.getLogger(AuthorizationInterceptor.class);

  private final Supplier<SecurityState> state;

  public AuthorizationInterceptor(Supplier<SecurityState> state) {
    this.state = state;
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                     ServerCallHandler<Q, R> next) {
    SSLSession session = call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION);
    Authorization.Decision decision = Authorization.decide(state.get(), call.getMethodDescriptor().getServiceName(),
        peerChain(session));
    if (!decision.allowed()) {
      log.warn("refused {} from {}: {} {}", call.getMethodDescriptor().getFullMethodName(),
          call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR), decision.refusal(), decision.message());
      call.close(Status.fromCode(decision.refusal()).withDescription(decision.message()), new Metadata());
      return new ServerCall.Listener<>() { };
    }
    return Contexts.interceptCall(Context.current().withValue(CallerIdentity.KEY, decision.caller()), call, headers,
        next);
  }

  static List<X509Certificate> peerChain(SSLSession session) {
    List<X509Certificate> chain = new ArrayList<>();
    if (session == null) {
      return chain;
    }
    try {
      for (Certificate certificate : session.getPeerCertificates()) {
        if (certificate instanceof X509Certificate x509) {
          chain.add(x509);
        }
      }
    } catch (SSLPeerUnverifiedException e) {
      // no client certificate
    }
    return chain;
  }
}
