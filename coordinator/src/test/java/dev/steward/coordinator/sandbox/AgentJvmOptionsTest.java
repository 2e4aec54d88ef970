package dev.steward.coordinator.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentJvmOptionsTest {

  @TempDir
  Path temp;

  @Test
  void anArgfileIsOptionsSeparatedByBlanksWithComments() {
    assertThat(AgentJvmOptions.parse("# the heap\n-Xms8m -Xmx32m   # small\n\n  -XX:+UseSerialGC\n"))
        .containsExactly("-Xms8m", "-Xmx32m", "-XX:+UseSerialGC");
  }

  @Test
  void theAgentJarCarriesItsOptions() {
    List<String> options = AgentJvmOptions.bundled();

    assertThat(options).contains("-XX:+UseSerialGC").anyMatch(option -> option.startsWith("-Xmx"));
  }

  @Test
  void argfilesOnACommandLineAreExpanded() throws Exception {
    Path argfile = Files.writeString(temp.resolve("jvm.options"), "-Xmx32m # heap\n-XX:+UseSerialGC\n");

    assertThat(AgentJvmOptions.expand(List.of("java", "@" + argfile, "-Dx=1", "@/no/such/file")))
        .containsExactly("java", "-Xmx32m", "-XX:+UseSerialGC", "-Dx=1", "@/no/such/file");
  }
}
