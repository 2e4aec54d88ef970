package dev.steward.coordinator.pki;

import com.google.protobuf.ByteString;
import dev.steward.agent.v1.EnrollmentMode;
import dev.steward.agent.v1.EnrollmentServiceGrpc;
import dev.steward.agent.v1.EnrollmentState;
import dev.steward.agent.v1.GetCsrRequest;
import dev.steward.agent.v1.GetCsrResponse;
import dev.steward.common.inventory.HostSpec;
import dev.steward.common.pki.Certificates;
import dev.steward.coordinator.agent.AgentCallException;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * What an agent says about its enrollment (for `steward hosts list`): pending with its key
 * fingerprint, or enrolled with a certificate serial. Unauthenticated when the agent is
 * pending: the fingerprint is only worth what the agent's own log confirms.
 */
public final class HostProbe {

  private final PkiDirectory.Credentials credentials;
  private final Duration deadline;

  public HostProbe(PkiDirectory.Credentials credentials, Duration deadline) {
    this.credentials = credentials;
    this.deadline = deadline;
  }

  /**
   * @param state "pending", "enrolled", or "unreachable"
   * @param serial the serial of the certificate the agent presents, when enrolled
   */
  public record Seen(String state, String mode, String fingerprint, String serial, String error) {
  }

  public Seen probe(HostSpec host) {
    CapturingTrustManager presented = new CapturingTrustManager();
    ManagedChannel channel = ClientTls.channel(host.agentTarget(), credentials.coordinatorKey(),
        credentials.coordinatorCertificate(), presented);
    try {
      byte[] nonce = new byte[16];
      new SecureRandom().nextBytes(nonce);
      GetCsrResponse response = EnrollmentServiceGrpc.newBlockingStub(channel)
          .withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS)
          .getCsr(GetCsrRequest.newBuilder().setNonce(ByteString.copyFrom(nonce)).build());
      X509Certificate certificate = presented.presented();
      boolean enrolled = response.getState() == EnrollmentState.ENROLLMENT_STATE_ENROLLED;
      return new Seen(enrolled ? "enrolled" : "pending",
          response.getMode() == EnrollmentMode.ENROLLMENT_MODE_TOKEN ? "token" : "fingerprint",
          response.getFingerprint(), enrolled && certificate != null ? Certificates.serialHex(certificate) : "", "");
    } catch (StatusRuntimeException e) {
      return new Seen("unreachable", "", "", "", AgentCallException.describe(e));
    } finally {
      channel.shutdownNow();
    }
  }
}
