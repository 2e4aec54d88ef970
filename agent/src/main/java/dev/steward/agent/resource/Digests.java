package dev.steward.agent.resource;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Hex digests for redacted diffs and artifact names. */
public final class Digests {

  private Digests() {
  }

  public static String sha256(byte[] content) {
    return hex("SHA-256", content);
  }

  /** The first 12 hex digits: enough to tell two contents apart in a diff, nothing more. */
  public static String shortSha256(byte[] content) {
    return sha256(content).substring(0, 12);
  }

  private static String hex(String algorithm, byte[] content) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(content));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(algorithm + " is missing from this JVM", e);
    }
  }
}
