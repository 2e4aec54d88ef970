package dev.steward.common.inventory;

import static dev.steward.common.inventory.InventoryFixtures.GUIDE_HOSTS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** kafka.artifact: a user-supplied distribution and its checksum, the only other file the loader reads. */
class ArtifactValidationTest {

  private static final String SHA = "ab".repeat(64);
  private static final String OTHER_SHA = "cd".repeat(64);

  @TempDir
  Path dir;
  private Path inventoryFile;

  @BeforeEach
  void createArchive() throws Exception {
    Files.createDirectories(dir.resolve("dist"));
    Files.write(dir.resolve("dist/kafka_2.13-3.9.1.tgz"), new byte[] {1, 2, 3});
    inventoryFile = dir.resolve("inventory.yaml");
  }

  @Test
  void noArtifactMeansTheBundledOneChosenLater() throws Exception {
    assertThat(load("").kafka().artifact()).isEmpty();
  }

  @Test
  void inlineChecksumIsUsedAndTheRelativePathResolvedAgainstTheInventory() throws Exception {
    ArtifactSpec artifact = load("artifact: {path: dist/kafka_2.13-3.9.1.tgz, sha512: " + SHA.toUpperCase() + "}")
        .kafka().artifact().orElseThrow();
    assertThat(artifact.path()).isEqualTo(dir.resolve("dist/kafka_2.13-3.9.1.tgz").toAbsolutePath());
    assertThat(artifact.sha512()).contains(SHA);
  }

  @Test
  void checksumIsReadFromTheSha512sumFileBesideTheArchive() throws Exception {
    Files.writeString(dir.resolve("dist/kafka_2.13-3.9.1.tgz.sha512"), SHA + "  kafka_2.13-3.9.1.tgz\n");
    assertThat(load("artifact: {path: dist/kafka_2.13-3.9.1.tgz}").kafka().artifact().orElseThrow().sha512())
        .contains(SHA);
  }

  @Test
  void checksumIsReadFromApachesGpgStyleFile() throws Exception {
    String grouped = SHA.toUpperCase().replaceAll("(.{8})", "$1 ").replaceAll("(.{45})", "$1\n                ");
    Files.writeString(dir.resolve("dist/kafka_2.13-3.9.1.tgz.sha512"), "kafka_2.13-3.9.1.tgz: " + grouped + "\n");
    assertThat(load("artifact: {path: dist/kafka_2.13-3.9.1.tgz}").kafka().artifact().orElseThrow().sha512())
        .contains(SHA);
  }

  @Test
  void checksumMissingEverywhereIsRequired() {
    InventoryProblem problem = single("artifact: {path: dist/kafka_2.13-3.9.1.tgz}");
    assertThat(problem.field()).isEqualTo("kafka.artifact.sha512");
    assertThat(problem.message()).contains("kafka_2.13-3.9.1.tgz.sha512");
  }

  @Test
  void checksumOfTheWrongLengthIsRefused() {
    assertThat(single("artifact: {path: dist/kafka_2.13-3.9.1.tgz, sha512: " + SHA.substring(1) + "}").field())
        .isEqualTo("kafka.artifact.sha512");
    assertThat(single("artifact: {path: dist/kafka_2.13-3.9.1.tgz, sha512: " + SHA.replace('a', 'g') + "}").field())
        .isEqualTo("kafka.artifact.sha512");
  }

  @Test
  void unreadableChecksumFileIsReported() throws Exception {
    Files.writeString(dir.resolve("dist/kafka_2.13-3.9.1.tgz.sha512"), "not a checksum\n");
    InventoryProblem problem = single("artifact: {path: dist/kafka_2.13-3.9.1.tgz}");
    assertThat(problem.field()).isEqualTo("kafka.artifact.path");
    assertThat(problem.message()).contains("does not hold a SHA-512");
  }

  @Test
  void inlineChecksumDisagreeingWithTheFileIsRefused() throws Exception {
    Files.writeString(dir.resolve("dist/kafka_2.13-3.9.1.tgz.sha512"), OTHER_SHA + "  kafka_2.13-3.9.1.tgz\n");
    assertThat(single("artifact: {path: dist/kafka_2.13-3.9.1.tgz, sha512: " + SHA + "}").field())
        .isEqualTo("kafka.artifact.sha512");
  }

  @Test
  void explicitlyConfiguredArchiveThatDoesNotExistIsReported() {
    InventoryProblem problem = single("artifact: {path: /nowhere/kafka.tgz, sha512: " + SHA + "}");
    assertThat(problem.field()).isEqualTo("kafka.artifact.path");
    assertThat(problem.message()).contains("does not exist");
  }

  @Test
  void artifactWithoutPathIsReported() {
    assertThat(single("artifact: {sha512: " + SHA + "}").field()).isEqualTo("kafka.artifact.path");
  }

  private Inventory load(String kafkaLines) throws Exception {
    Files.writeString(inventoryFile, yaml(kafkaLines));
    return new InventoryLoader(ValidationOptions.strict()).load(inventoryFile).inventory();
  }

  private InventoryProblem single(String kafkaLines) {
    InventoryException e = catchThrowableOfType(InventoryException.class, () -> load(kafkaLines));
    assertThat(e).isNotNull();
    List<InventoryProblem> problems = e.problems();
    assertThat(problems).hasSize(1);
    assertThat(problems.get(0).fix()).isNotBlank();
    return problems.get(0);
  }

  private static String yaml(String kafkaLines) {
    return "cluster: homelab\nkafka:\n  version: 3.9.1\n" + (kafkaLines.isEmpty() ? "" : "  " + kafkaLines + "\n")
        + GUIDE_HOSTS;
  }
}
