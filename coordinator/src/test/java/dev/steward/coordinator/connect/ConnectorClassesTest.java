package dev.steward.coordinator.connect;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Archives made by the system's tar, holding jars made here: the layout of a Kafka distribution and of a plugin. */
class ConnectorClassesTest {

  @TempDir
  Path dir;

  private Path jar(Path at, String... classes) throws Exception {
    Files.createDirectories(at.getParent());
    try (OutputStream out = Files.newOutputStream(at); ZipOutputStream zip = new ZipOutputStream(out)) {
      for (String name : classes) {
        zip.putNextEntry(new ZipEntry(name.replace('.', '/') + ".class"));
        zip.write(new byte[] {(byte) 0xca, (byte) 0xfe, (byte) 0xba, (byte) 0xbe});
        zip.closeEntry();
      }
    }
    return at;
  }

  private Path tgz(String name, String top) throws Exception {
    Path archive = dir.resolve(name);
    Process tar = new ProcessBuilder("tar", "-czf", archive.toString(), "-C", dir.resolve("content").toString(), top)
        .inheritIO().start();
    assertThat(tar.waitFor()).isZero();
    return archive;
  }

  @Test
  void classesInsideTheArchivesJarsAreFoundAndOthersAreNot() throws Exception {
    jar(dir.resolve("content/kafka_2.13-3.9.1/libs/connect-file-3.9.1.jar"),
        "org.apache.kafka.connect.file.FileStreamSourceConnector");
    jar(dir.resolve("content/kafka_2.13-3.9.1/libs/a-very-long-directory-name-that-makes-tar-use-its-extended-headers"
        + "-because-it-is-longer-than-one-hundred-characters/connect-mirror-3.9.1.jar"),
        "org.apache.kafka.connect.mirror.MirrorSourceConnector");
    Files.writeString(dir.resolve("content/kafka_2.13-3.9.1/README"), "not a jar");
    Path distribution = tgz("kafka.tgz", "kafka_2.13-3.9.1");

    Set<String> found = ConnectorClasses.find(distribution, Set.of(
        "org.apache.kafka.connect.file.FileStreamSourceConnector",
        "org.apache.kafka.connect.mirror.MirrorSourceConnector",
        "com.example.NoSuchConnector"));

    assertThat(found).containsExactlyInAnyOrder("org.apache.kafka.connect.file.FileStreamSourceConnector",
        "org.apache.kafka.connect.mirror.MirrorSourceConnector");
  }

  @Test
  void anArchiveWithoutJarsHoldsNoClass() throws Exception {
    Files.createDirectories(dir.resolve("content/empty"));
    Files.writeString(dir.resolve("content/empty/notes.txt"), "PK but not a jar");
    assertThat(ConnectorClasses.find(tgz("empty.tgz", "empty"), Set.of("a.B"))).isEmpty();
  }
}
