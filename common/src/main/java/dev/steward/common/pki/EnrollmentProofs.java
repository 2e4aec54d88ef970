package dev.steward.common.pki;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The two proofs of the token enrollment, HMAC-SHA256 keyed with the one-time token:
 *
 * <ul>
 *   <li>the agent's, over the coordinator's nonce and its CSR: "the key in this CSR belongs to
 *       a host that was given the token" (a man in the middle cannot swap in its own CSR);
 *   <li>the installer's, over the agent's challenge, the certificate and the CA: "whoever
 *       installs this CA holds the token" (nobody else can make the agent trust their CA).
 * </ul>
 *
 * Each input is length-prefixed after a distinct label, so no proof of one kind can pass as
 * the other and no two different inputs give the same MAC input. Pure.
 */
public final class EnrollmentProofs {

  static final String CSR_LABEL = "steward-enroll-csr-v1";
  static final String INSTALL_LABEL = "steward-enroll-install-v1";

  private EnrollmentProofs() {
  }

  public static byte[] csrProof(String token, byte[] nonce, byte[] csrDer) {
    return mac(token, CSR_LABEL, nonce, csrDer);
  }

  public static byte[] installProof(String token, byte[] challenge, byte[] certificateDer, byte[] caCertificateDer) {
    return mac(token, INSTALL_LABEL, challenge, certificateDer, caCertificateDer);
  }

  /** Constant time; an empty or missing proof never verifies. */
  public static boolean verify(byte[] expected, byte[] actual) {
    return expected != null && actual != null && actual.length > 0 && MessageDigest.isEqual(expected, actual);
  }

  private static byte[] mac(String token, String label, byte[]... parts) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(token.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      update(mac, label.getBytes(StandardCharsets.US_ASCII));
      for (byte[] part : parts) {
        update(mac, part);
      }
      return mac.doFinal();
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 is not usable in this JVM", e);
    }
  }

  private static void update(Mac mac, byte[] part) {
    mac.update(ByteBuffer.allocate(4).putInt(part.length).array());
    mac.update(part);
  }
}
