package dev.steward.coordinator.artifact;

import dev.steward.common.inventory.ArtifactSpec;
import dev.steward.common.inventory.ChecksumFiles;
import dev.steward.common.inventory.ConnectSpec;
import dev.steward.common.inventory.PluginSpec;
import dev.steward.common.inventory.KafkaSpec;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;

/**
 * Finds the Kafka distribution an inventory asks for and checks it against its SHA-512
 * before any host sees it: a corrupt or swapped file must fail here, on the coordinator.
 */
public final class ArtifactResolver {

  private final Optional<Path> stewardHome;

  public ArtifactResolver(Optional<Path> stewardHome) {
    this.stewardHome = stewardHome;
  }

  /** STEWARD_HOME as set by bin/steward (system property) or the environment. */
  public static Optional<Path> defaultStewardHome() {
    String home = System.getProperty("steward.home");
    if (home == null || home.isBlank()) {
      home = System.getenv("STEWARD_HOME");
    }
    return home == null || home.isBlank() ? Optional.empty() : Optional.of(Path.of(home));
  }

  /**
   * @throws ArtifactException when the file is missing, its checksum is unknown, or it does
   *     not match
   */
  public KafkaArtifact resolve(KafkaSpec kafka) throws ArtifactException {
    ArtifactSpec spec = kafka.artifact().orElseGet(() -> bundled(kafka));
    Path file = spec.path();
    if (!Files.isRegularFile(file)) {
      throw new ArtifactException("kafka.artifact.path", "no Kafka distribution at " + file,
          kafka.artifact().isPresent()
              ? "point kafka.artifact.path at an existing kafka_" + kafka.scalaVersion() + "-" + kafka.version() + ".tgz"
              : "build it with ./mvnw package, or set kafka.artifact.path (and sha512) to a Kafka "
                  + kafka.version() + " distribution");
    }
    String expected = spec.sha512().isPresent() ? spec.sha512().get().toLowerCase(Locale.ROOT)
        : readChecksumFile(file);
    String actual = sha512(file);
    if (!actual.equals(expected)) {
      throw new ArtifactException("kafka.artifact.sha512", file + " has SHA-512 " + abbreviate(actual)
          + " but " + abbreviate(expected) + " was expected",
          "the file is corrupt or not the one you meant: download it again or correct the checksum");
    }
    return new KafkaArtifact(file, actual);
  }

  /**
   * Checks every Connect plugin archive against its declared SHA-512 before anything is sent.
   *
   * @throws ArtifactException naming the plugin's field when a file is missing or differs
   */
  public void verifyPlugins(ConnectSpec connect) throws ArtifactException {
    for (int i = 0; i < connect.plugins().size(); i++) {
      PluginSpec plugin = connect.plugins().get(i);
      String field = "connect.plugins[" + i + "]";
      Path file = plugin.artifact().path();
      if (!Files.isRegularFile(file)) {
        throw new ArtifactException(field + ".path", "no plugin archive at " + file, "correct the path");
      }
      String expected = plugin.artifact().sha512().orElse("").toLowerCase(Locale.ROOT);
      String actual = sha512(file);
      if (!actual.equals(expected)) {
        throw new ArtifactException(field + ".sha512", file + " has SHA-512 " + abbreviate(actual) + " but "
            + abbreviate(expected) + " was expected",
            "the file is corrupt or not the one you meant: download it again or correct the checksum");
      }
    }
  }

  private ArtifactSpec bundled(KafkaSpec kafka) {
    Path artifacts = stewardHome.orElse(Path.of(".")).resolve("artifacts");
    return new ArtifactSpec(artifacts.resolve(kafka.distributionName() + ".tgz"), Optional.empty());
  }

  /** The checksum in the {@code .sha512} file beside {@code archive}, in any format {@link ChecksumFiles} reads. */
  private static String readChecksumFile(Path archive) throws ArtifactException {
    Path checksum = ChecksumFiles.beside(archive);
    String fix = "set kafka.artifact.sha512, or put the output of `sha512sum " + archive.getFileName() + "` in "
        + checksum.getFileName() + " beside it";
    String content;
    try {
      if (Files.size(checksum) > ChecksumFiles.MAX_BYTES) {
        throw new ArtifactException("kafka.artifact.sha512", checksum + " is larger than a checksum file can be", fix);
      }
      content = Files.readString(checksum, StandardCharsets.US_ASCII);
    } catch (NoSuchFileException e) {
      throw new ArtifactException("kafka.artifact.sha512", "no checksum for " + archive, fix);
    } catch (IOException e) {
      throw new ArtifactException("kafka.artifact.sha512", "cannot read " + checksum + ": " + e.getMessage(),
          "check the file's permissions, or " + fix);
    }
    return ChecksumFiles.parse(content).orElseThrow(() -> new ArtifactException("kafka.artifact.sha512",
        checksum + " does not hold a SHA-512 checksum", ChecksumFiles.FORMAT_FIX));
  }

  public static String sha512(Path file) throws ArtifactException {
    try (InputStream in = Files.newInputStream(file)) {
      MessageDigest digest = MessageDigest.getInstance("SHA-512");
      byte[] buffer = new byte[1 << 16];
      int read;
      while ((read = in.read(buffer)) > 0) {
        digest.update(buffer, 0, read);
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (IOException e) {
      throw new ArtifactException("kafka.artifact.path", "cannot read " + file + ": " + e.getMessage(),
          "check the file's permissions");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-512", e);
    }
  }

  private static String abbreviate(String hex) {
    return hex.length() > 16 ? hex.substring(0, 16) + "…" : hex;
  }
}
