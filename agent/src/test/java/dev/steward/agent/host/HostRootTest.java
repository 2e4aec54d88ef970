package dev.steward.agent.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostRootTest {

  @TempDir
  Path temp;
  Path root;
  Path outside;
  HostRoot hostRoot;

  @BeforeEach
  void setUp() throws Exception {
    root = Files.createDirectories(temp.resolve("host"));
    outside = Files.createDirectories(temp.resolve("outside"));
    hostRoot = new HostRoot(root);
  }

  @Test
  void logicalPathResolvesUnderTheRootEvenWhenItDoesNotExistYet() throws Exception {
    assertThat(hostRoot.resolve("file.path", "/opt/kafka/config/server.properties"))
        .isEqualTo(root.resolve("opt/kafka/config/server.properties"));
    assertThat(hostRoot.resolve("path", "/")).isEqualTo(root);
  }

  @Test
  void relativePathIsRejected() {
    assertThatThrownBy(() -> hostRoot.resolve("file.path", "opt/kafka"))
        .isInstanceOf(PathRejectedException.class).hasMessageContaining("file.path").hasMessageContaining("relative");
  }

  @Test
  void dotDotSegmentIsRejectedEvenIfItWouldStayInside() {
    assertThatThrownBy(() -> hostRoot.resolve("file.path", "/opt/../etc/passwd"))
        .isInstanceOf(PathRejectedException.class).hasMessageContaining("'..'");
    assertThatThrownBy(() -> hostRoot.resolve("file.path", "/../outside/x"))
        .isInstanceOf(PathRejectedException.class);
  }

  @Test
  void nulAndControlCharactersAreRejected() {
    assertThatThrownBy(() -> hostRoot.resolve("file.path", "/opt/x\u0000.properties"))
        .isInstanceOf(PathRejectedException.class).hasMessageContaining("control character");
    assertThatThrownBy(() -> hostRoot.resolve("file.path", "/opt/x\n"))
        .isInstanceOf(PathRejectedException.class);
  }

  @Test
  void emptyAndUnnormalizedPathsAreRejected() {
    assertThatThrownBy(() -> hostRoot.resolve("file.path", "")).isInstanceOf(PathRejectedException.class);
    assertThatThrownBy(() -> hostRoot.resolve("file.path", "/opt//kafka")).isInstanceOf(PathRejectedException.class);
    assertThatThrownBy(() -> hostRoot.resolve("file.path", "/opt/./kafka")).isInstanceOf(PathRejectedException.class);
  }

  @Test
  void relativeSymlinkPointingOutsideTheRootIsRejected() throws Exception {
    Files.createDirectories(root.resolve("opt"));
    Files.createSymbolicLink(root.resolve("opt/escape"), Path.of("../../outside"));
    assertThatThrownBy(() -> hostRoot.resolve("file.path", "/opt/escape/secret"))
        .isInstanceOf(PathRejectedException.class).hasMessageContaining("outside the host root");
  }

  @Test
  void absoluteSymlinkPointingOutsideTheRootIsRejected() throws Exception {
    Files.createDirectories(root.resolve("etc"));
    Files.writeString(outside.resolve("passwd"), "root:x:0:0");
    Files.createSymbolicLink(root.resolve("etc/passwd"), outside.resolve("passwd"));
    assertThatThrownBy(() -> hostRoot.resolve("file.path", "/etc/passwd"))
        .isInstanceOf(PathRejectedException.class).hasMessageContaining("outside the host root");
  }

  @Test
  void danglingSymlinkPointingOutsideIsRejectedBecauseAWriteWouldFollowIt() throws Exception {
    Files.createSymbolicLink(root.resolve("config"), outside.resolve("not-there-yet"));
    assertThatThrownBy(() -> hostRoot.resolve("file.path", "/config"))
        .isInstanceOf(PathRejectedException.class);
    assertThatThrownBy(() -> hostRoot.resolve("file.path", "/config/server.properties"))
        .isInstanceOf(PathRejectedException.class);
  }

  @Test
  void symlinkThatStaysInsideTheRootIsFollowed() throws Exception {
    Files.createDirectories(root.resolve("opt/kafka_2.13-3.9.1/config"));
    Files.createSymbolicLink(root.resolve("opt/kafka"), Path.of("kafka_2.13-3.9.1"));
    assertThat(hostRoot.resolve("file.path", "/opt/kafka/config/server.properties"))
        .isEqualTo(root.resolve("opt/kafka/config/server.properties"));
  }

  @Test
  void rootThatIsItselfASymlinkStillConfinesPaths() throws Exception {
    Path linkedRoot = Files.createSymbolicLink(temp.resolve("linked-host"), root);
    HostRoot viaLink = new HostRoot(linkedRoot);
    Files.createDirectories(root.resolve("var"));
    Files.createSymbolicLink(root.resolve("var/out"), outside);
    assertThat(viaLink.resolve("directory.path", "/var/lib/kafka")).isEqualTo(linkedRoot.resolve("var/lib/kafka"));
    assertThatThrownBy(() -> viaLink.resolve("directory.path", "/var/out/x")).isInstanceOf(PathRejectedException.class);
  }

  @Test
  void managedLinkIsNotFollowedButItsParentIsChecked() throws Exception {
    Files.createDirectories(root.resolve("opt"));
    Files.createSymbolicLink(root.resolve("opt/kafka"), outside);
    assertThat(hostRoot.resolveNoFollowLast("archive.link", "/opt/kafka")).isEqualTo(root.resolve("opt/kafka"));
    Files.createSymbolicLink(root.resolve("elsewhere"), outside);
    assertThatThrownBy(() -> hostRoot.resolveNoFollowLast("archive.link", "/elsewhere/kafka"))
        .isInstanceOf(PathRejectedException.class);
  }
}
