package dev.steward.coordinator.artifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.steward.common.inventory.KafkaSpec;
import dev.steward.common.inventory.KafkaVersion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bundled distribution's .sha512 is read by the inventory's own parser, in every format it takes. */
class ArtifactResolverTest {

  @TempDir
  Path home;

  Path archive;
  String sha;

  static KafkaSpec kafka391() {
    return new KafkaSpec(KafkaVersion.parse("3.9.1"), "2.13", Optional.empty(), 9092, List.of("/var/lib/kafka"),
        "1G", List.of(), Map.of(), List.of(), Optional.empty());
  }

  @BeforeEach
  void setUp() throws Exception {
    archive = Files.createDirectories(home.resolve("artifacts")).resolve("kafka_2.13-3.9.1.tgz");
    Files.writeString(archive, "not really a tarball, but it has a checksum");
    sha = ArtifactResolver.sha512(archive);
  }

  KafkaArtifact resolveWithChecksumFile(String content) throws Exception {
    Files.writeString(home.resolve("artifacts/kafka_2.13-3.9.1.tgz.sha512"), content);
    return new ArtifactResolver(Optional.of(home)).resolve(kafka391());
  }

  @Test
  void apachesMultiLineUpperCaseFormatIsRead() throws Exception {
    String upper = sha.toUpperCase(Locale.ROOT);
    StringBuilder gpg = new StringBuilder("kafka_2.13-3.9.1.tgz:");
    for (int i = 0; i < upper.length(); i += 8) {
      gpg.append(i > 0 && i % 48 == 0 ? "\n                      " : " ").append(upper, i, i + 8);
    }

    assertThat(resolveWithChecksumFile(gpg + "\n").sha512()).isEqualTo(sha);
  }

  @Test
  void sha512sumFormatAndBareHexAreRead() throws Exception {
    assertThat(resolveWithChecksumFile(sha + "  kafka_2.13-3.9.1.tgz\n").sha512()).isEqualTo(sha);
    assertThat(resolveWithChecksumFile(sha).sha512()).isEqualTo(sha);
  }

  @Test
  void checksumFileWithoutAChecksumIsRefusedAsSuch() {
    ArtifactException e = catchThrowableOfType(ArtifactException.class,
        () -> resolveWithChecksumFile("see the release page\n"));
    assertThat(e.field()).isEqualTo("kafka.artifact.sha512");
    assertThat(e.getMessage()).contains("does not hold a SHA-512");
    assertThat(e.fix()).contains("sha512sum");
  }

  @Test
  void missingChecksumFileNamesTheFix() throws Exception {
    ArtifactException e = catchThrowableOfType(ArtifactException.class,
        () -> new ArtifactResolver(Optional.of(home)).resolve(kafka391()));
    assertThat(e.getMessage()).contains("no checksum");
    assertThat(e.fix()).contains("kafka.artifact.sha512").contains("kafka_2.13-3.9.1.tgz.sha512");
  }
}
