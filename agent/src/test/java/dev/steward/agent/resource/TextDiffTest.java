package dev.steward.agent.resource;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TextDiffTest {

  @Test
  void equalTextsHaveNoDiff() {
    assertThat(TextDiff.unified("f", "a\nb\n", "a\nb\n")).isEmpty();
  }

  @Test
  void changedLineShowsAsMinusPlusWithContextAndHunkHeader() {
    String before = "a\nb\nc\nd\ne\nf\ng\nh\n";
    String after = "a\nb\nc\nd\nE\nf\ng\nh\n";
    assertThat(TextDiff.unified("/x", before, after)).isEqualTo(
        "--- /x\n+++ /x\n@@ -2,7 +2,7 @@\n b\n c\n d\n-e\n+E\n f\n g\n h\n");
  }

  @Test
  void distantChangesMakeSeparateHunks() {
    StringBuilder before = new StringBuilder();
    for (int i = 1; i <= 30; i++) {
      before.append("line").append(i).append('\n');
    }
    String after = before.toString().replace("line2\n", "two\n").replace("line28\n", "twenty-eight\n");
    String diff = TextDiff.unified("/x", before.toString(), after);
    assertThat(diff.lines().filter(line -> line.startsWith("@@"))).hasSize(2);
    assertThat(diff).contains("-line2\n+two\n").contains("-line28\n+twenty-eight\n");
  }

  @Test
  void newFileIsAllAdditions() {
    assertThat(TextDiff.unified("/x", "", "a\nb\n")).contains("@@ -0,0 +1,2 @@\n+a\n+b\n");
  }
}
