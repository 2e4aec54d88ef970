package dev.steward.agent.service.supervisor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ServiceEnvironmentTest {

  @Test
  void theAgentsTuningAndAnOperatorsShellDoNotReachTheService() {
    Map<String, String> service = ServiceEnvironment.of(Map.of("MALLOC_ARENA_MAX", "2", "JAVA_TOOL_OPTIONS",
        "-Xmx64m", "KAFKA_HEAP_OPTS", "-Xmx1g", "PATH", "/opt/bin:/usr/bin", "LANG", "C.UTF-8", "LC_TIME", "en_GB",
        "HOME", "/root"));

    assertThat(service).containsOnlyKeys("PATH", "LANG", "LC_TIME", "HOME")
        .containsEntry("PATH", "/opt/bin:/usr/bin");
  }

  @Test
  void withoutAPathTheServiceGetsSystemdsDefault() {
    assertThat(ServiceEnvironment.of(Map.of())).containsExactly(Map.entry("PATH", ServiceEnvironment.DEFAULT_PATH));
  }
}
