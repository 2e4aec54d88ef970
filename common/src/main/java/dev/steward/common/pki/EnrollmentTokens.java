package dev.steward.common.pki;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * One-time enrollment tokens: {@code stw1_} and 256 random bits in base64url. The coordinator
 * stores only their SHA-256; the token itself is printed once and handed to the agent out of
 * band. Pure apart from the random source.
 */
public final class EnrollmentTokens {

  public static final String PREFIX = "stw1_";
  private static final Pattern FORMAT = Pattern.compile("stw1_[A-Za-z0-9_-]{43}");

  private EnrollmentTokens() {
  }

  public static String generate(SecureRandom random) {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  public static boolean isWellFormed(String token) {
    return token != null && FORMAT.matcher(token).matches();
  }

  /** What the coordinator keeps instead of the token: hex SHA-256 of its text. */
  public static String hash(String token) {
    return HexFormat.of().formatHex(Fingerprints.sha256(token.getBytes(StandardCharsets.UTF_8)));
  }
}
