package dev.steward.common.inventory;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The {@code .sha512} file published beside an archive, in the formats that exist in the wild:
 * sha512sum's {@code HEX  NAME} (or {@code HEX *NAME}), a bare {@code HEX}, and the
 * {@code NAME: HEX HEX ...} of {@code gpg --print-md SHA512}, which Apache's own release files
 * use: upper case, in groups, wrapped over several lines.
 */
public final class ChecksumFiles {

  /** Far above any real checksum file; a larger one is not a checksum file. */
  public static final int MAX_BYTES = 64 * 1024;
  public static final String FORMAT_FIX = "write it in sha512sum format: 128 hexadecimal digits, then whitespace "
      + "and the file name";

  private ChecksumFiles() {
  }

  /** Where an archive's checksum file is: {@code kafka_2.13-3.9.1.tgz.sha512} beside {@code kafka_2.13-3.9.1.tgz}. */
  public static Path beside(Path archive) {
    return archive.resolveSibling(archive.getFileName() + ".sha512");
  }

  /** The checksum in canonical (lower-case) form, or empty when the text holds none of the formats above. */
  public static Optional<String> parse(String content) {
    String trimmed = content.strip();
    Optional<String> firstToken = Sha512Hex.normalize(trimmed.split("\\s+", 2)[0]);
    if (firstToken.isPresent()) {
      return firstToken;
    }
    // gpg's digits never hold a ':', so the last one ends the file name even if the name has one
    int colon = trimmed.lastIndexOf(':');
    return colon > 0 ? Sha512Hex.normalize(trimmed.substring(colon + 1).replaceAll("\\s+", "")) : Optional.empty();
  }
}
