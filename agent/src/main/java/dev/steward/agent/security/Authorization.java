package dev.steward.agent.security;

import dev.steward.agent.v1.EnrollmentServiceGrpc;
import dev.steward.agent.v1.LogServiceGrpc;
import dev.steward.common.pki.Certificates;
import dev.steward.common.pki.Role;
import io.grpc.Status;
import io.grpc.health.v1.HealthGrpc;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;

/**
 * Who may call what, decided from plain data: the agent's security state, the called service
 * and the client's certificate chain as TLS verified it against the cluster CA (TLS refuses
 * expired certificates and other CAs in the handshake; this decides about the role). Pure.
 */
public final class Authorization {

  static final String HEALTH = HealthGrpc.SERVICE_NAME;
  static final String ENROLLMENT = EnrollmentServiceGrpc.SERVICE_NAME;
  static final String LOGS = LogServiceGrpc.SERVICE_NAME;

  private Authorization() {
  }

  /** Allowed with an identity, or refused with a status code and a message that says what to do. */
  public record Decision(CallerIdentity caller, Status.Code refusal, String message) {

    static Decision allow(CallerIdentity caller) {
      return new Decision(caller, null, "");
    }

    static Decision deny(Status.Code code, String message) {
      return new Decision(null, code, message);
    }

    public boolean allowed() {
      return refusal == null;
    }
  }

  /**
   * @param service the gRPC service name, e.g. {@code steward.agent.v1.ResourceService}
   * @param verifiedChain the client's certificates (leaf first) as the TLS handshake verified
   *     them; empty when the client sent none
   */
  public static Decision decide(SecurityState state, String service, List<X509Certificate> verifiedChain) {
    if (HEALTH.equals(service)) {
      return Decision.allow(verifiedChain.isEmpty() ? CallerIdentity.UNAUTHENTICATED : identity(verifiedChain.get(0)));
    }
    switch (state) {
      case INSECURE:
        return Decision.allow(CallerIdentity.INSECURE_LOOPBACK);
      case PENDING:
        if (ENROLLMENT.equals(service)) {
          return Decision.allow(new CallerIdentity("enrollment (unauthenticated)"));
        }
        return Decision.deny(Status.Code.FAILED_PRECONDITION, "not enrolled: run `steward enroll <host>` on the "
            + "coordinator (the agent logs its key fingerprint at start); until then this agent serves only "
            + "enrollment and health");
      case ENROLLED:
      default:
        break;
    }
    if (verifiedChain.isEmpty()) {
      return Decision.deny(Status.Code.UNAUTHENTICATED, "no client certificate: this agent accepts calls only "
          + "from a coordinator certificate of its cluster CA (agent.tls: true and the PKI of `steward ca init`)");
    }
    X509Certificate leaf = verifiedChain.get(0);
    Optional<Role> role = Certificates.role(leaf);
    if (role.isPresent() && role.get() == Role.OBSERVER) {
      if (LOGS.equals(service)) {
        return Decision.allow(identity(leaf));
      }
      return Decision.deny(Status.Code.PERMISSION_DENIED, Certificates.describe(leaf) + " has role "
          + Role.OBSERVER.organizationalUnit() + ": it may read logs (and health) only; this call needs a "
          + Role.COORDINATOR.organizationalUnit() + " certificate");
    }
    if (role.isEmpty() || role.get() != Role.COORDINATOR) {
      return Decision.deny(Status.Code.PERMISSION_DENIED, Certificates.describe(leaf) + " has role "
          + role.map(r -> r.organizationalUnit()).orElse("none") + ": only a " + Role.COORDINATOR.organizationalUnit()
          + " certificate may call this agent");
    }
    return Decision.allow(identity(leaf));
  }

  static CallerIdentity identity(X509Certificate leaf) {
    return new CallerIdentity(Certificates.describe(leaf));
  }
}
