package dev.steward.common.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ZooKeeperDataFilesTest {

  private static List<String> names(List<ZooKeeperDataFiles.DataFileName> files) {
    return files.stream().map(ZooKeeperDataFiles.DataFileName::name).toList();
  }

  @Test
  void otherFilesInVersion2AreNotDataFiles() {
    assertThat(names(ZooKeeperDataFiles.dataFiles(List.of("acceptedEpoch", "currentEpoch", "log.1", "snapshot.0",
        "snapshot.0.tmp", "log.xyz", "snapshot.100000002")))).containsExactly("snapshot.0", "log.1", "snapshot.100000002");
  }

  @Test
  void zxidsAreHexAndOrderNumerically() {
    assertThat(ZooKeeperDataFiles.parse("log.10000000a").orElseThrow().zxid()).isEqualTo(0x10000000aL);
    assertThat(names(ZooKeeperDataFiles.dataFiles(List.of("log.200000001", "log.1f", "log.3"))))
        .containsExactly("log.3", "log.1f", "log.200000001");
  }

  @Test
  void backupKeepsTheTwoNewestSnapshotsAndTheLogsFromTheOneTheOlderStartsIn() {
    List<ZooKeeperDataFiles.DataFileName> files = ZooKeeperDataFiles.dataFiles(List.of(
        "snapshot.0", "log.1", "snapshot.50", "log.60", "snapshot.90", "log.a0", "snapshot.c0"));
    // snapshot.90's transactions after 0x90 are in log.60 (0x60..0x9f) and log.a0
    assertThat(names(ZooKeeperDataFiles.backupSelection(files)))
        .containsExactly("log.60", "snapshot.90", "log.a0", "snapshot.c0");
  }

  @Test
  void aLogStartingAtTheSnapshotsZxidIsTheFirstOneNeeded() {
    List<ZooKeeperDataFiles.DataFileName> files = ZooKeeperDataFiles.dataFiles(List.of(
        "log.1", "snapshot.40", "log.40", "log.80"));
    assertThat(names(ZooKeeperDataFiles.backupSelection(files))).containsExactly("snapshot.40", "log.40", "log.80");
  }

  @Test
  void aSingleSnapshotWithoutLogsIsEnough() {
    assertThat(names(ZooKeeperDataFiles.backupSelection(ZooKeeperDataFiles.dataFiles(List.of("snapshot.0")))))
        .containsExactly("snapshot.0");
  }

  @Test
  void aMemberWithoutSnapshotHasNothingToBackUp() {
    assertThatThrownBy(() -> ZooKeeperDataFiles.backupSelection(ZooKeeperDataFiles.dataFiles(List.of("log.1"))))
        .hasMessageContaining("no snapshot");
  }
}
