package dev.steward.common.inventory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Reads {@code kafka.artifact}: a distribution .tgz the user points at, and its SHA-512, given
 * inline or read from the {@code <path>.sha512} file beside it. This and the inventory itself
 * are the only files the loader reads.
 */
final class ArtifactReader {

  static final List<String> KEYS = List.of("path", "sha512");


  private final Problems problems;
  private final Path baseDir;
  private final String missingPathFix;

  ArtifactReader(Problems problems, Path baseDir) {
    this(problems, baseDir, "add path: <the Kafka .tgz>, or remove kafka.artifact to use the distribution bundled "
        + "with Steward");
  }

  /** @param missingPathFix what to tell the user when the archive's path is missing */
  ArtifactReader(Problems problems, Path baseDir, String missingPathFix) {
    this.problems = problems;
    this.baseDir = baseDir;
    this.missingPathFix = missingPathFix;
  }

  Optional<ArtifactSpec> read(YamlMap artifact) {
    Optional<String> inline = artifact.optional("sha512", ValueParsers.string(Sha512Hex.RULE, Sha512Hex.FIX,
        Sha512Hex::isValid)).flatMap(Sha512Hex::normalize);
    Optional<Path> path = artifact.required("path", this::path,
        missingPathFix);
    if (path.isEmpty()) {
      return Optional.empty();
    }
    Path archive = path.get();
    String pathField = artifact.field("path");
    if (!Files.isRegularFile(archive)) {
      problems.error(pathField, archive + " does not exist or is not a file",
          "correct the path (relative paths are relative to the inventory file)");
    }
    Path checksumFile = ChecksumFiles.beside(archive);
    Optional<String> fromFile = readChecksumFile(checksumFile, pathField);
    String sha512Field = artifact.field("sha512");
    if (inline.isPresent() && fromFile.isPresent() && !inline.get().equals(fromFile.get())) {
      problems.error(sha512Field, "differs from the checksum in " + checksumFile,
          "check which one is right: `sha512sum " + archive + "` prints the archive's real checksum");
    }
    if (inline.isEmpty() && fromFile.isEmpty() && !problems.failed(sha512Field) && !Files.exists(checksumFile)) {
      problems.error(sha512Field, "is required: there is no " + checksumFile.getFileName() + " beside the archive",
          Sha512Hex.FIX + ", or put the .sha512 file beside the archive");
    }
    return Optional.of(new ArtifactSpec(archive, inline.or(() -> fromFile)));
  }

  private Path path(com.fasterxml.jackson.databind.JsonNode node) throws InvalidValue {
    String text = ValueParsers.string("a file path", "write the path of the .tgz",
        t -> !t.isEmpty() && t.chars().noneMatch(Character::isISOControl)).parse(node);
    try {
      Path path = Path.of(text);
      if (!path.isAbsolute() && baseDir != null) {
        path = baseDir.resolve(path);
      }
      return path.toAbsolutePath().normalize();
    } catch (InvalidPathException e) {
      throw new InvalidValue(Printable.quote(text) + " is not a valid path: " + e.getReason(), "correct the path");
    }
  }

  /** The checksum in {@code file}, or empty when it does not exist (or is reported as unreadable). */
  private Optional<String> readChecksumFile(Path file, String field) {
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    String content;
    try (InputStream in = Files.newInputStream(file)) {
      byte[] bytes = in.readNBytes(ChecksumFiles.MAX_BYTES + 1);
      if (bytes.length > ChecksumFiles.MAX_BYTES) {
        problems.error(field, file + " is larger than a checksum file can be", "put only the checksum in it");
        return Optional.empty();
      }
      content = new String(bytes, StandardCharsets.US_ASCII);
    } catch (IOException | SecurityException e) {
      problems.error(field, file + " cannot be read: " + e.getClass().getSimpleName(), "check its permissions");
      return Optional.empty();
    }
    Optional<String> checksum = ChecksumFiles.parse(content);
    if (checksum.isEmpty()) {
      problems.error(field, file + " does not hold a SHA-512 checksum", ChecksumFiles.FORMAT_FIX);
    }
    return checksum;
  }
}
