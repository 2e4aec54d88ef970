package dev.steward.coordinator.ensemble;

import dev.steward.coordinator.DurableFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import org.apache.zookeeper.server.auth.DigestAuthenticationProvider;

/**
 * The digest superuser reconfig runs as. ZooKeeper lets only a superuser (or everyone, with
 * skipACL, which Steward never sets) change the membership. The password stays on the
 * coordinator, beside the cluster's PKI (0600); the members only get its digest
 * ({@code -Dzookeeper.DigestAuthenticationProvider.superDigest}, an unsalted SHA-1 the
 * command line may show without giving the password away).
 */
public record ZooKeeperSuperuser(String user, String password) {

  public static final String FILE = "zookeeper-superuser";
  static final String USER = "steward";

  /** Reads the cluster's superuser from {@code pkiDir}, creating it on first use. */
  public static ZooKeeperSuperuser loadOrCreate(Path pkiDir) throws IOException {
    Path file = pkiDir.resolve(FILE);
    if (!Files.exists(file)) {
      byte[] secret = new byte[32];
      new SecureRandom().nextBytes(secret);
      Files.createDirectories(pkiDir);
      DurableFiles.write(file, USER + ":" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret) + "\n",
          DurableFiles.Mode.OWNER_ONLY);
    }
    String line = Files.readString(file, StandardCharsets.UTF_8).trim();
    int colon = line.indexOf(':');
    if (colon <= 0 || colon == line.length() - 1) {
      throw new IOException(file + " is not user:password; delete it to have a new one made (and roll ZooKeeper)");
    }
    return new ZooKeeperSuperuser(line.substring(0, colon), line.substring(colon + 1));
  }

  /** What {@code addAuthInfo("digest", ...)} takes. */
  public byte[] authInfo() {
    return (user + ":" + password).getBytes(StandardCharsets.UTF_8);
  }

  /** {@code user:base64(sha1(user:password))}, the value of the superDigest property. */
  public String digest() {
    try {
      return DigestAuthenticationProvider.generateDigest(user + ":" + password);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-1", e);
    }
  }

  /** The JVM option every member runs with once reconfig is on. */
  public String jvmOption() {
    return "-Dzookeeper.DigestAuthenticationProvider.superDigest=" + digest();
  }

  @Override
  public String toString() {
    return "ZooKeeperSuperuser[" + user + "]";
  }
}
