package dev.steward.agent.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileFollowerTest {

  @TempDir
  Path dir;

  static void append(Path file, String text) throws Exception {
    Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }

  @Test
  void aLineWrittenAfterFollowingStartedArrivesOnceComplete() throws Exception {
    Path file = dir.resolve("kafka.out");
    append(file, "old\n");
    try (FileFollower follower = new FileFollower(file, Files.size(file))) {
      assertThat(follower.poll()).isEmpty();
      append(file, "new line\nhalf");
      assertThat(follower.poll()).containsExactly("new line");
      append(file, " done\r\n");
      assertThat(follower.poll()).containsExactly("half done");
    }
  }

  @Test
  void followsARotationByRenameReadingTheOldFilesRestFirst() throws Exception {
    Path file = dir.resolve("kafka.out");
    append(file, "one\n");
    try (FileFollower follower = new FileFollower(file, 0)) {
      assertThat(follower.poll()).containsExactly("one");
      append(file, "two\n");
      Files.move(file, dir.resolve("kafka.out.1"));
      append(dir.resolve("kafka.out.1"), "three (late write to the old file)\n");
      append(file, "four\n");
      List<String> lines = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        lines.addAll(follower.poll());
      }
      assertThat(lines).containsExactly("two", "three (late write to the old file)", "four");
      append(file, "five\n");
      assertThat(follower.poll()).containsExactly("five");
    }
  }

  @Test
  void followsATruncation() throws Exception {
    Path file = dir.resolve("kafka.out");
    append(file, "a long first line\nanother\n");
    try (FileFollower follower = new FileFollower(file, 0)) {
      assertThat(follower.poll()).hasSize(2);
      Files.writeString(file, "");
      append(file, "after\n");
      assertThat(follower.poll()).containsExactly("after");
    }
  }

  @Test
  void aFileThatAppearsLaterIsReadFromItsStart() throws Exception {
    Path file = dir.resolve("zookeeper.out");
    try (FileFollower follower = new FileFollower(file, 0)) {
      assertThat(follower.poll()).isEmpty();
      append(file, "first\n");
      assertThat(follower.poll()).containsExactly("first");
    }
  }

  @Test
  void readsInBoundedChunksAndCutsHugeLines() throws Exception {
    Path file = dir.resolve("kafka.out");
    String huge = "x".repeat(FileFollower.MAX_LINE * 5);
    append(file, huge + "\nend\n");
    List<String> lines = new ArrayList<>();
    try (FileFollower follower = new FileFollower(file, 0)) {
      List<String> polled;
      while (!(polled = follower.poll()).isEmpty()) {
        lines.addAll(polled);
      }
    }
    assertThat(lines).hasSize(6);
    assertThat(lines.subList(0, 5)).allMatch(l -> l.length() == FileFollower.MAX_LINE);
    assertThat(lines.get(5)).isEqualTo("end");
  }

  @Test
  void tailOffsetFindsTheLastLines() throws Exception {
    Path file = dir.resolve("kafka.out");
    append(file, "1\n2\n3\n");
    assertThat(Files.readString(file).substring((int) FileFollower.tailOffset(file, 2))).isEqualTo("2\n3\n");
    assertThat(FileFollower.tailOffset(file, 3)).isZero();
    assertThat(FileFollower.tailOffset(file, 10)).isZero();
    append(file, "4 unfinished");
    assertThat(Files.readString(file).substring((int) FileFollower.tailOffset(file, 1))).isEqualTo("4 unfinished");
    String many = "line\n".repeat(50_000);
    Files.writeString(file, many);
    assertThat(Files.size(file) - FileFollower.tailOffset(file, 20_000)).isEqualTo(5L * 20_000);
  }
}
