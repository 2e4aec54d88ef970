package dev.steward.coordinator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DurableFilesTest {

  @TempDir
  Path dir;

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private List<String> filesInDir() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(f -> f.getFileName().toString()).sorted().toList();
    }
  }

  /** The real disk, with one step failing. */
  private static final class FailingDisk implements DurableFiles.Disk {
    private final String failing;

    FailingDisk(String failing) {
      this.failing = failing;
    }

    @Override
    public void flush(FileChannel file) throws IOException {
      if (failing.equals("flush")) {
        throw new IOException("disk full");
      }
      DurableFiles.Disk.super.flush(file);
    }

    @Override
    public void rename(Path from, Path to) throws IOException {
      if (failing.equals("rename")) {
        throw new IOException("crashed before the rename");
      }
      DurableFiles.Disk.super.rename(from, to);
    }
  }

  @Test
  void replacesTheFileByARenameNeverRewritingTheOldOneInPlace() throws Exception {
    Path file = dir.resolve("current.json");
    Files.writeString(file, "old");
    // A second name for the old file: a write in place would change what it reads too.
    Path oldInode = dir.resolve("old-link");
    Files.createLink(oldInode, file);

    DurableFiles.write(file, "new", DurableFiles.Mode.DEFAULT);

    assertThat(file).hasContent("new");
    assertThat(oldInode).hasContent("old");
    assertThat(filesInDir()).containsExactly("current.json", "old-link");
  }

  @Test
  void aFailureBetweenWriteAndRenameLeavesTheOldContentAndNoTempFile() throws Exception {
    Path file = dir.resolve("inventory.yaml");
    Files.writeString(file, "kafka:\n  version: 3.8.1\n");

    assertThatThrownBy(() -> DurableFiles.write(file, bytes("kafka:\n  version: 3.9.1\n"), DurableFiles.Mode.DEFAULT,
        new FailingDisk("rename"))).isInstanceOf(IOException.class).hasMessageContaining("before the rename");

    assertThat(file).hasContent("kafka:\n  version: 3.8.1\n");
    assertThat(filesInDir()).containsExactly("inventory.yaml");
  }

  @Test
  void aFailedFsyncLeavesTheOldContentAndNoTempFile() throws Exception {
    Path file = dir.resolve("tokens.json");
    Files.writeString(file, "old");

    assertThatThrownBy(() -> DurableFiles.write(file, bytes("new"), DurableFiles.Mode.OWNER_ONLY,
        new FailingDisk("flush"))).isInstanceOf(IOException.class);

    assertThat(file).hasContent("old");
    assertThat(filesInDir()).containsExactly("tokens.json");
  }

  @Test
  void fsyncsTheFileBeforeTheRenameAndTheDirectoryAfterIt() throws Exception {
    List<String> steps = new ArrayList<>();
    DurableFiles.Disk recording = new DurableFiles.Disk() {
      @Override
      public void flush(FileChannel file) throws IOException {
        steps.add("fsync file");
        DurableFiles.Disk.super.flush(file);
      }

      @Override
      public void rename(Path from, Path to) throws IOException {
        steps.add("rename " + to.getFileName());
        DurableFiles.Disk.super.rename(from, to);
      }

      @Override
      public void flushDirectory(Path directory) {
        steps.add("fsync " + (directory.equals(dir) ? "directory" : directory));
        DurableFiles.Disk.super.flushDirectory(directory);
      }
    };

    DurableFiles.write(dir.resolve("hosts.json"), bytes("{}"), DurableFiles.Mode.OWNER_ONLY, recording);

    assertThat(steps).containsExactly("fsync file", "rename hosts.json", "fsync directory");
  }

  @Test
  void aPrivateFileIsOwnerOnlyFromItsCreationOnEvenOverAWorldReadableOne() throws Exception {
    Path key = dir.resolve("ca.key");
    Files.writeString(key, "old");
    Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));
    List<String> tempModes = new ArrayList<>();
    DurableFiles.Disk checking = new DurableFiles.Disk() {
      @Override
      public void rename(Path from, Path to) throws IOException {
        tempModes.add(PosixFilePermissions.toString(Files.getPosixFilePermissions(from)));
        DurableFiles.Disk.super.rename(from, to);
      }
    };

    DurableFiles.write(key, bytes("-----BEGIN PRIVATE KEY-----"), DurableFiles.Mode.OWNER_ONLY, checking);

    assertThat(tempModes).as("the key's content never sat in a file others could read").containsExactly("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
  }

  @Test
  void sameAsKeepsTheFilesOwnPermissions() throws Exception {
    Path inventory = dir.resolve("inventory.yaml");
    Files.writeString(inventory, "old");
    Files.setPosixFilePermissions(inventory, PosixFilePermissions.fromString("rw-r-----"));

    DurableFiles.write(inventory, "new", DurableFiles.Mode.sameAs(inventory));

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(inventory))).isEqualTo("rw-r-----");
  }

  @Test
  void writesThroughASymbolicLinkAndKeepsTheLink() throws Exception {
    Path real = Files.createDirectory(dir.resolve("repo")).resolve("homelab.yaml");
    Files.writeString(real, "old");
    Path link = Files.createSymbolicLink(dir.resolve("homelab.yaml"), real);

    DurableFiles.write(link, "new", DurableFiles.Mode.sameAs(link));

    assertThat(Files.isSymbolicLink(link)).isTrue();
    assertThat(real).hasContent("new");
  }
}
