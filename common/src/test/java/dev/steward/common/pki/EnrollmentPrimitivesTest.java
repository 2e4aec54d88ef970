package dev.steward.common.pki;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EnrollmentPrimitivesTest {

  static final String TOKEN = "stw1_" + "x".repeat(43);

  @Test
  void proofsVerifyOnlyForTheSameTokenAndInputs() {
    byte[] nonce = {1, 2, 3};
    byte[] csr = {9, 9};
    byte[] proof = EnrollmentProofs.csrProof(TOKEN, nonce, csr);
    assertThat(EnrollmentProofs.verify(EnrollmentProofs.csrProof(TOKEN, nonce, csr), proof)).isTrue();
    assertThat(EnrollmentProofs.verify(EnrollmentProofs.csrProof("stw1_" + "y".repeat(43), nonce, csr), proof)).isFalse();
    assertThat(EnrollmentProofs.verify(EnrollmentProofs.csrProof(TOKEN, new byte[] {1, 2, 4}, csr), proof)).isFalse();
    assertThat(EnrollmentProofs.verify(EnrollmentProofs.csrProof(TOKEN, nonce, new byte[] {9}), proof)).isFalse();
  }

  @Test
  void partsAreLengthPrefixedSoShiftingBytesBetweenThemChangesTheProof() {
    assertThat(EnrollmentProofs.csrProof(TOKEN, new byte[] {1, 2}, new byte[] {3}))
        .isNotEqualTo(EnrollmentProofs.csrProof(TOKEN, new byte[] {1}, new byte[] {2, 3}));
  }

  @Test
  void aCsrProofIsNeverAnInstallProof() {
    byte[] a = {1};
    byte[] b = {2};
    assertThat(EnrollmentProofs.installProof(TOKEN, a, b, new byte[0]))
        .isNotEqualTo(EnrollmentProofs.csrProof(TOKEN, a, b));
  }

  @Test
  void anEmptyOrMissingProofNeverVerifies() {
    assertThat(EnrollmentProofs.verify(new byte[0], new byte[0])).isFalse();
    assertThat(EnrollmentProofs.verify(new byte[] {1}, null)).isFalse();
    assertThat(EnrollmentProofs.verify(null, new byte[] {1})).isFalse();
  }

  @Test
  void tokensAreWellFormedUniqueAndStoredOnlyAsHashes() {
    SecureRandom random = new SecureRandom();
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 100; i++) {
      String token = EnrollmentTokens.generate(random);
      assertThat(EnrollmentTokens.isWellFormed(token)).isTrue();
      assertThat(seen.add(token)).isTrue();
      assertThat(EnrollmentTokens.hash(token)).hasSize(64).doesNotContain(token.substring(5));
    }
    assertThat(EnrollmentTokens.isWellFormed("stw1_short")).isFalse();
    assertThat(EnrollmentTokens.isWellFormed(TOKEN + "\n")).isFalse();
    assertThat(EnrollmentTokens.isWellFormed(null)).isFalse();
  }

  @Test
  void fingerprintsParseAsOperatorsTypeThem() {
    String hex = "ab".repeat(32);
    String canonical = "SHA256:" + hex;
    assertThat(Fingerprints.parse(canonical)).contains(canonical);
    assertThat(Fingerprints.parse("sha256:" + hex.toUpperCase())).contains(canonical);
    assertThat(Fingerprints.parse(hex.replaceAll("(..)(?!$)", "$1:"))).contains(canonical);
    assertThat(Fingerprints.parse("  " + hex + "  ")).contains(canonical);
    assertThat(Fingerprints.parse("SHA256:" + hex.substring(2))).isEmpty();
    assertThat(Fingerprints.parse("MD5:" + hex)).isEmpty();
    assertThat(Fingerprints.parse(null)).isEmpty();
  }

  @Test
  void pemBlocksRoundTrip() {
    byte[] der = {0, 1, 2, (byte) 255};
    assertThat(Pem.blocks(Pem.block("CERTIFICATE", der) + Pem.block("PRIVATE KEY", new byte[] {7}), "CERTIFICATE"))
        .singleElement().isEqualTo(der);
  }
}
