package dev.steward.agent.resource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TarEntryPathsTest {

  @Test
  void topDirectoryEqualToTheNameIsStripped() throws Exception {
    assertThat(TarEntryPaths.segments("kafka_2.13-3.9.1/libs/a.jar", "kafka_2.13-3.9.1")).containsExactly("libs", "a.jar");
    assertThat(TarEntryPaths.segments("./kafka_2.13-3.9.1/", "kafka_2.13-3.9.1")).isEmpty();
    assertThat(TarEntryPaths.segments("other/libs/a.jar", "kafka_2.13-3.9.1")).containsExactly("other", "libs", "a.jar");
  }

  @Test
  void unsafeNamesAreRefused() {
    assertThatThrownBy(() -> TarEntryPaths.segments("/etc/passwd", null)).hasMessageContaining("absolute");
    assertThatThrownBy(() -> TarEntryPaths.segments("a/../../b", null)).hasMessageContaining("'..'");
    assertThatThrownBy(() -> TarEntryPaths.segments("a\u0000b", null)).hasMessageContaining("control");
    assertThatThrownBy(() -> TarEntryPaths.segments("", null)).hasMessageContaining("empty");
  }

  @Test
  void symlinkTargetsMustStayInsideWithoutPassingThroughLinks() throws Exception {
    TarEntryPaths.checkSymlinkTarget(List.of("bin", "tool"), "../libs/tool.jar", Set.of());
    assertThatThrownBy(() -> TarEntryPaths.checkSymlinkTarget(List.of("bin", "tool"), "../../x", Set.of()))
        .hasMessageContaining("outside");
    assertThatThrownBy(() -> TarEntryPaths.checkSymlinkTarget(List.of("x"), "/etc", Set.of()))
        .hasMessageContaining("absolute");
    assertThatThrownBy(() -> TarEntryPaths.checkSymlinkTarget(List.of("x"), "here/..", Set.of(List.of("here"))))
        .hasMessageContaining("another symlink");
    // ending on a link is fine: that link's own target was checked too
    TarEntryPaths.checkSymlinkTarget(List.of("x"), "here", Set.of(List.of("here")));
  }
}
