package dev.steward.agent.resource;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.agent.exec.CommandResult;
import dev.steward.agent.host.HostRoot;
import dev.steward.agent.testing.RecordingCommandRunner;
import dev.steward.agent.v1.UserResource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UserHandlerTest {

  @TempDir
  Path root;

  RecordingCommandRunner runner;
  UserHandler handler;

  static final UserResource KAFKA = UserResource.newBuilder().setName("kafka").setGroup("kafka").setSystem(true).build();

  @BeforeEach
  void setUp() throws Exception {
    Files.createDirectories(root.resolve("etc"));
    Files.writeString(root.resolve("etc/passwd"), """
        root:x:0:0:root:/root:/bin/bash
        daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin
        """);
    Files.writeString(root.resolve("etc/group"), "root:x:0:\ndaemon:x:1:\n");
    runner = new RecordingCommandRunner();
    // useradd and groupadd append to the files under the root, as they would on the host
    runner.on(List.of("groupadd"), argv -> append("etc/group", argv.get(argv.size() - 1) + ":x:999:\n", argv));
    runner.on(List.of("useradd"), argv -> append("etc/passwd",
        argv.get(argv.size() - 1) + ":x:999:999::/nonexistent:/bin/false\n", argv));
    handler = new UserHandler(new HostRoot(root), runner, new MachineWide(true, "/"));
  }

  private CommandResult append(String file, String line, List<String> argv) {
    try {
      Files.writeString(root.resolve(file), line, StandardOpenOption.APPEND);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    return new CommandResult(argv, 0, "", "", false);
  }

  @Test
  void missingUserAndGroupAreCreatedAsTheGuidesSystemAccountThenUnchanged() throws Exception {
    AccountFiles observed = handler.observe(KAFKA);
    Diff diff = handler.diff(KAFKA, observed);
    assertThat(diff.text()).isEqualTo("create system group kafka\n"
        + "create system user kafka (group kafka, shell /bin/false, no home)");

    handler.apply(KAFKA, observed, diff);

    assertThat(runner.commands()).containsExactly("groupadd --system kafka",
        "useradd --system --gid kafka --shell /bin/false --no-create-home kafka");
    assertThat(handler.diff(KAFKA, handler.observe(KAFKA)).isNone()).isTrue();
  }

  @Test
  void existingGroupIsReusedAndAHomeIsPassedThrough() throws Exception {
    Files.writeString(root.resolve("etc/group"), "kafka:x:500:\n", StandardOpenOption.APPEND);
    UserResource withHome = KAFKA.toBuilder().setHome("/var/lib/kafka").build();
    AccountFiles observed = handler.observe(withHome);

    handler.apply(withHome, observed, handler.diff(withHome, observed));

    assertThat(runner.commands()).containsExactly(
        "useradd --system --gid kafka --shell /bin/false --no-create-home --home-dir /var/lib/kafka kafka");
  }

  @Test
  void existingUserWithAnotherPrimaryGroupIsAConflictNeverModified() throws Exception {
    Files.writeString(root.resolve("etc/passwd"), "kafka:x:500:1::/home/kafka:/bin/bash\n", StandardOpenOption.APPEND);
    Files.writeString(root.resolve("etc/group"), "kafka:x:500:\n", StandardOpenOption.APPEND);

    Diff diff = handler.diff(KAFKA, handler.observe(KAFKA));

    assertThat(diff.conflict()).contains("primary group daemon, not kafka").contains("usermod -g kafka kafka");
  }

  @Test
  void existingUserWithTheRightGroupIsUnchangedWhateverItsShell() throws Exception {
    Files.writeString(root.resolve("etc/passwd"), "kafka:x:500:500::/home/kafka:/bin/bash\n", StandardOpenOption.APPEND);
    Files.writeString(root.resolve("etc/group"), "kafka:x:500:\n", StandardOpenOption.APPEND);

    assertThat(handler.diff(KAFKA, handler.observe(KAFKA)).isNone()).isTrue();
  }

  @Test
  void namesThatAreNotPlainAccountNamesAreConflicts() throws Exception {
    UserResource evil = KAFKA.toBuilder().setName("kafka --uid 0").build();

    assertThat(handler.diff(evil, handler.observe(evil)).conflict()).contains("user.name");
  }

  @Test
  void passwdParsingSkipsCommentsNisEntriesAndMalformedLines() {
    AccountFiles files = AccountFiles.parse("# c\n+nis::::::\nbroken:x\nkafka:x:999:998::/nonexistent:/bin/false\n",
        "kafka:x:998:\n");

    assertThat(files.users()).containsOnlyKeys("kafka");
    assertThat(files.user("kafka").orElseThrow().gid()).isEqualTo(998);
    assertThat(files.groupName(998)).isEqualTo("kafka");
  }
}
