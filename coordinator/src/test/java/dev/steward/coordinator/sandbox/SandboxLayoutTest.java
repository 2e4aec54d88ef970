package dev.steward.coordinator.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SandboxLayoutTest {

  @TempDir
  Path temp;

  @Test
  void deleteAllRemovesTheSandboxDirectoryWithEverythingInItAndNothingBeside() throws Exception {
    SandboxLayout layout = new SandboxLayout(temp.resolve("bench"));
    Files.createDirectories(layout.hostRoot("h1").resolve("opt/kafka"));
    Files.writeString(layout.inventory(), "cluster: bench\n");
    Files.createDirectories(layout.agentLog("h1").getParent());
    Files.writeString(layout.agentLog("h1"), "log\n");
    Path beside = Files.writeString(temp.resolve("keep.txt"), "keep\n");

    layout.deleteAll();
    layout.deleteAll();

    assertThat(layout.dir()).doesNotExist();
    assertThat(beside).exists();
  }
}
