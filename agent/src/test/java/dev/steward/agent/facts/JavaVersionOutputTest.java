package dev.steward.agent.facts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.agent.exec.CommandResult;
import dev.steward.agent.host.HostRoot;
import dev.steward.agent.testing.RecordingCommandRunner;
import dev.steward.agent.v1.HostFacts;
import dev.steward.agent.v1.JavaRuntime;
import dev.steward.agent.v1.ServiceBackend;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JavaVersionOutputTest {

  @TempDir
  Path temp;

  @Test
  void modernOpenJdkOutputGivesVersionAndFeature() {
    String output = """
        openjdk version "17.0.15" 2025-04-15
        OpenJDK Runtime Environment (build 17.0.15+6-Debian-1deb12u1)
        OpenJDK 64-Bit Server VM (build 17.0.15+6-Debian-1deb12u1, mixed mode, sharing)
        """;
    assertThat(JavaVersionOutput.parse(output)).hasValue(new JavaVersionOutput.Version("17.0.15", 17));
  }

  @Test
  void java8SchemeAndBareFeatureVersionsParse() {
    assertThat(JavaVersionOutput.parse("java version \"1.8.0_392\"\nJava(TM) SE Runtime Environment"))
        .hasValue(new JavaVersionOutput.Version("1.8.0_392", 8));
    assertThat(JavaVersionOutput.parse("openjdk version \"21\" 2023-09-19")).hasValue(new JavaVersionOutput.Version("21", 21));
    assertThat(JavaVersionOutput.parse("openjdk version \"22-ea\" 2024-03-19")).get().extracting(v -> v.feature()).isEqualTo(22);
  }

  @Test
  void pickedUpOptionsLinesBeforeTheVersionAreIgnored() {
    assertThat(JavaVersionOutput.parse("Picked up JAVA_TOOL_OPTIONS: -Xmx1g\nopenjdk version \"11.0.2\" 2019-01-15\n"))
        .hasValue(new JavaVersionOutput.Version("11.0.2", 11));
  }

  @Test
  void garbageIsNotAVersion() {
    assertThat(JavaVersionOutput.parse("bash: java: command not found")).isEmpty();
  }

  @Test
  void theAgentsOwnJavaIsProbedByRunningIt() {
    JavaRuntime runtime = new JavaRuntimeProbe(JavaRuntimeProbe.agentJavaHome()).probe();
    assertThat(runtime.getPresent()).isTrue();
    assertThat(runtime.getFeatureVersion()).isEqualTo(Runtime.version().feature());
  }

  @Test
  void aJavaHomeWithoutJavaIsNotPresent() throws Exception {
    JavaRuntime runtime = new JavaRuntimeProbe(Files.createDirectories(temp.resolve("no-jdk"))).probe();
    assertThat(runtime.getPresent()).isFalse();
  }

  @Test
  void javaIsRunThroughTheAgentsCommandRunnerAndAHungOneIsNotPresent() throws Exception {
    RecordingCommandRunner hung = new RecordingCommandRunner().on(List.of(), argv -> new CommandResult(argv, -1,
        "", "openjdk version \"17.0.2\" 2022-01-18\n", true));

    JavaRuntime runtime = new JavaRuntimeProbe(JavaRuntimeProbe.agentJavaHome(), hung).probe();

    assertThat(runtime.getPresent()).isFalse();
    assertThat(hung.commands()).singleElement().asString().endsWith("/bin/java -version");
  }

  @Test
  void factsReportMachineJavaAndSpaceOfNotYetExistingPaths() throws Exception {
    Path root = Files.createDirectories(temp.resolve("host"));
    FactsCollector facts = new FactsCollector(new HostRoot(root), new SystemProbe(),
        new JavaRuntimeProbe(JavaRuntimeProbe.agentJavaHome()), ServiceBackend.SERVICE_BACKEND_SUPERVISOR, "1.2.3",
        true, Clock.systemUTC());
    HostFacts collected = facts.collect(List.of("/var/lib/kafka/logs"));
    assertThat(collected.getTotalMemoryBytes()).isPositive();
    assertThat(collected.getLogicalCpus()).isPositive();
    assertThat(collected.getHostname()).isNotEmpty();
    assertThat(collected.getJava().getPresent()).isTrue();
    assertThat(collected.getHostRoot()).isEqualTo(root.toString());
    assertThat(collected.getInsecure()).isTrue();
    assertThat(collected.getAgentVersion()).isEqualTo("1.2.3");
    assertThat(collected.getPaths(0).getMeasuredPath()).isEqualTo(root.toRealPath().toString());
    assertThat(collected.getPaths(0).getUsableBytes()).isPositive();
    assertThat(collected.getPaths(0).getMountPoint()).startsWith("/");
  }
}
