package dev.steward.agent.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ZooKeeperFilesTest {

  private static List<String> names(List<ZooKeeperFiles.DataFileName> files) {
    return files.stream().map(ZooKeeperFiles.DataFileName::name).toList();
  }

  @Test
  void otherFilesInVersion2AreNotDataFiles() {
    assertThat(names(ZooKeeperFiles.dataFiles(List.of("acceptedEpoch", "currentEpoch", "log.1", "snapshot.0",
        "snapshot.0.tmp", "log.xyz", "snapshot.100000002")))).containsExactly("snapshot.0", "log.1", "snapshot.100000002");
  }

  @Test
  void zxidsAreHexAndOrderNumerically() {
    assertThat(ZooKeeperFiles.parse("log.10000000a").orElseThrow().zxid()).isEqualTo(0x10000000aL);
    assertThat(names(ZooKeeperFiles.dataFiles(List.of("log.200000001", "log.1f", "log.3"))))
        .containsExactly("log.3", "log.1f", "log.200000001");
  }

  @Test
  void backupKeepsTheTwoNewestSnapshotsAndTheLogsFromTheOneTheOlderStartsIn() {
    List<ZooKeeperFiles.DataFileName> files = ZooKeeperFiles.dataFiles(List.of(
        "snapshot.0", "log.1", "snapshot.50", "log.60", "snapshot.90", "log.a0", "snapshot.c0"));
    // snapshot.90's transactions after 0x90 are in log.60 (0x60..0x9f) and log.a0
    assertThat(names(ZooKeeperFiles.backupSelection(files)))
        .containsExactly("log.60", "snapshot.90", "log.a0", "snapshot.c0");
  }

  @Test
  void aLogStartingAtTheSnapshotsZxidIsTheFirstOneNeeded() {
    List<ZooKeeperFiles.DataFileName> files = ZooKeeperFiles.dataFiles(List.of(
        "log.1", "snapshot.40", "log.40", "log.80"));
    assertThat(names(ZooKeeperFiles.backupSelection(files))).containsExactly("snapshot.40", "log.40", "log.80");
  }

  @Test
  void aSingleSnapshotWithoutLogsIsEnough() {
    assertThat(names(ZooKeeperFiles.backupSelection(ZooKeeperFiles.dataFiles(List.of("snapshot.0")))))
        .containsExactly("snapshot.0");
  }

  @Test
  void aMemberWithoutSnapshotHasNothingToBackUp() {
    assertThatThrownBy(() -> ZooKeeperFiles.backupSelection(ZooKeeperFiles.dataFiles(List.of("log.1"))))
        .hasMessageContaining("no snapshot");
  }
}
