package dev.steward.coordinator.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UpgradeInventoryFileTest {

  private static final String BEFORE = """
      cluster: lab   # the home lab
      kafka:
        version: 3.8.1
      hosts: []
      """;

  @TempDir
  Path dir;

  private static RolloutState phase(String kind, String version, String pin) {
    return new RolloutState(kind + "-7", "lab", kind, "/tmp/lab.yaml", RolloutState.DONE, List.of(), List.of(), null,
        version, pin, version == null ? null : "/tmp/kafka.tgz", version == null ? null : "ab", null, 1, 2);
  }

  @Test
  void phaseOneRecordsTheVersionAndThePinKeepingTheOldTextBesideItWithTheSamePermissions() throws Exception {
    Path inventory = dir.resolve("lab.yaml");
    Files.writeString(inventory, BEFORE);
    Files.setPosixFilePermissions(inventory, PosixFilePermissions.fromString("rw-r-----"));

    String note = new UpgradeInventoryFile(inventory).record(phase("upgrade", "3.9.1", "3.8"));

    assertThat(Files.readString(inventory)).contains("cluster: lab   # the home lab").contains("version: 3.9.1")
        .contains("interBrokerProtocolVersion: \"3.8\"");
    Path backup = dir.resolve("lab.yaml.before-upgrade-7");
    assertThat(backup).hasContent(BEFORE.strip());
    for (Path file : List.of(inventory, backup)) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).as(file.toString())
          .isEqualTo("rw-r-----");
    }
    assertThat(note).startsWith("updated " + inventory).contains("previous version is in " + backup);
    try (var files = Files.list(dir)) {
      assertThat(files).as("no temp file left").hasSize(2);
    }
  }

  @Test
  void phaseTwoRemovesThePin() throws Exception {
    Path inventory = dir.resolve("lab.yaml");
    Files.writeString(inventory, BEFORE.replace("3.8.1", "3.9.1\n  interBrokerProtocolVersion: \"3.8\""));

    new UpgradeInventoryFile(inventory).record(phase("protocol", "3.9.1", null));

    assertThat(Files.readString(inventory)).contains("version: 3.9.1").doesNotContain("interBrokerProtocolVersion");
  }

  @Test
  void anInventoryThatAlreadySaysSoIsLeftAloneAndSoIsOneAfterARestart() throws Exception {
    Path inventory = dir.resolve("lab.yaml");
    Files.writeString(inventory, BEFORE);

    assertThat(new UpgradeInventoryFile(inventory).record(phase("upgrade", "3.8.1", null))).isEmpty();
    assertThat(new UpgradeInventoryFile(inventory).record(phase("restart", null, null))).isEmpty();
    try (var files = Files.list(dir)) {
      assertThat(files).containsExactly(inventory);
    }
  }

  @Test
  void aShapeTheEditorDoesNotRewriteSafelyIsLeftForTheUserWithWhatToSet() throws Exception {
    Path inventory = dir.resolve("lab.yaml");
    Files.writeString(inventory, "cluster: lab\nhosts: []\n");

    String note = new UpgradeInventoryFile(inventory).record(phase("upgrade", "3.9.1", "3.8"));

    assertThat(note).startsWith("could not edit").contains("kafka.version: 3.9.1");
    assertThat(inventory).hasContent("cluster: lab\nhosts: []\n");
  }
}
