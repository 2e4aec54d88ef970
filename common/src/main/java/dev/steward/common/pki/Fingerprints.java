package dev.steward.common.pki;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Key fingerprints as the agent logs them and the operator confirms them:
 * {@code SHA256:<64 hex digits>} of the key's SubjectPublicKeyInfo (DER). Pure.
 */
public final class Fingerprints {

  public static final String PREFIX = "SHA256:";
  private static final Pattern HEX = Pattern.compile("[0-9a-f]{64}");

  private Fingerprints() {
  }

  public static String of(PublicKey key) {
    return of(key.getEncoded());
  }

  /** @param subjectPublicKeyInfo the DER of a SubjectPublicKeyInfo ({@link PublicKey#getEncoded()}) */
  public static String of(byte[] subjectPublicKeyInfo) {
    return PREFIX + HexFormat.of().formatHex(sha256(subjectPublicKeyInfo));
  }

  /**
   * What an operator typed, in canonical form: the prefix is optional, case and ':' or ' '
   * between hex pairs do not matter. Empty when it is not a SHA-256 fingerprint.
   */
  public static Optional<String> parse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    String value = text.trim();
    if (value.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
      value = value.substring(PREFIX.length());
    }
    value = value.replace(":", "").replace(" ", "").toLowerCase(Locale.ROOT);
    return HEX.matcher(value).matches() ? Optional.of(PREFIX + value) : Optional.empty();
  }

  static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
