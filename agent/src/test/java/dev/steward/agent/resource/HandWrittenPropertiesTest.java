package dev.steward.agent.resource;

import static dev.steward.agent.v1.ResourceStatus.RESOURCE_STATUS_CHANGED;
import static dev.steward.agent.v1.ResourceStatus.RESOURCE_STATUS_UNCHANGED;
import static dev.steward.agent.v1.ResourceStatus.RESOURCE_STATUS_WOULD_CHANGE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.agent.testing.Resources;
import dev.steward.agent.v1.PropertiesEquivalence;
import dev.steward.agent.v1.Resource;
import dev.steward.agent.v1.ResourceResult;
import dev.steward.agent.v1.ServiceName;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server.properties written by hand from the guide (its node 1, verbatim) on a host Steward
 * adopts, against Steward's rendering of the same settings: other order, comments, and Kafka's
 * defaults written out. The agent keeps the operator's file and restarts nothing while every
 * setting agrees, and names the settings, not the lines, when one does not.
 */
class HandWrittenPropertiesTest {

  static final String PATH = "/opt/kafka/config/server.properties";
  static final PropertiesEquivalence KAFKA_RULES = PropertiesEquivalence.newBuilder()
      .putBuiltInDefaults("min.insync.replicas", "1")
      .putBuiltInDefaults("controlled.shutdown.enable", "true")
      .addUnorderedListKeys("zookeeper.connect")
      .build();

  @TempDir
  Path temp;
  EngineFixture host;
  String guide;

  @BeforeEach
  void setUp() throws Exception {
    host = new EngineFixture(temp);
    guide = resource("/adopt/node1-server.properties");
    Files.createDirectories(host.real(PATH).getParent());
    Files.writeString(host.real(PATH), guide);
    host.backend.markRunning(ServiceName.SERVICE_NAME_KAFKA);
  }

  @Test
  void aHandWrittenFileThatSetsWhatStewardWouldIsKeptAndRestartsNothing() throws Exception {
    ResourceResult plan = host.dryRunOne(rendered(stewardsRendering()));
    assertThat(plan.getStatus()).isEqualTo(RESOURCE_STATUS_UNCHANGED);

    ResourceResult applied = host.applyOne(rendered(stewardsRendering()));

    assertThat(applied.getStatus()).isEqualTo(RESOURCE_STATUS_UNCHANGED);
    assertThat(host.real(PATH)).hasContent(guide.stripTrailing());
    assertThat(host.pending.all()).isEmpty();
  }

  @Test
  void withoutTheRulesTheSameFilesDifferLineByLine() throws Exception {
    ResourceResult plan = host.dryRunOne(Resources.file(PATH, stewardsRendering(), ServiceName.SERVICE_NAME_KAFKA));

    assertThat(plan.getStatus()).isEqualTo(RESOURCE_STATUS_WOULD_CHANGE);
    assertThat(plan.getDiff()).contains("-# Basic Kafka configuration");
  }

  @Test
  void aSettingThatDiffersIsNamedAndTheFileRewrittenWithARestartPending() throws Exception {
    String wanted = stewardsRendering().replace("log.retention.hours=168", "log.retention.hours=72")
        .replace("min.insync.replicas=1", "min.insync.replicas=2");

    ResourceResult plan = host.dryRunOne(rendered(wanted));
    assertThat(plan.getStatus()).isEqualTo(RESOURCE_STATUS_WOULD_CHANGE);
    assertThat(plan.getDiff()).contains("the settings that change")
        .contains("log.retention.hours: 168 -> 72").contains("min.insync.replicas: (unset: 1) -> 2")
        .doesNotContain("num.io.threads").doesNotContain("# Basic Kafka configuration");

    ResourceResult applied = host.applyOne(rendered(wanted));
    assertThat(applied.getStatus()).isEqualTo(RESOURCE_STATUS_CHANGED);
    assertThat(host.real(PATH)).hasContent(wanted.stripTrailing());
    assertThat(host.pending.of(ServiceName.SERVICE_NAME_KAFKA)).hasSize(1);
  }

  @Test
  void aValueSpelledOutAsItsDefaultAndServersInAnotherOrderAreTheSameSetting() throws Exception {
    Files.writeString(host.real(PATH), guide + "controlled.shutdown.enable = true \n");
    String reordered = stewardsRendering().replace(
        "zookeeper.connect=192.168.1.184:2181,192.168.1.187:2181,192.168.1.190:2181",
        "zookeeper.connect=192.168.1.190:2181,192.168.1.184:2181,192.168.1.187:2181");

    assertThat(host.applyOne(rendered(reordered)).getStatus()).isEqualTo(RESOURCE_STATUS_UNCHANGED);
  }

  /** Steward's shape: its header, its own order, Kafka's defaults for the HA keys the guide leaves out. */
  private String stewardsRendering() {
    StringBuilder text = new StringBuilder("# Managed by Steward. Changes here are overwritten by `steward apply`.\n");
    text.append("min.insync.replicas=1\n");
    guide.lines().filter(line -> !line.isBlank() && !line.startsWith("#")).sorted()
        .forEach(line -> text.append(line).append('\n'));
    return text.toString();
  }

  private static Resource rendered(String content) {
    Resource resource = Resources.file(PATH, content, ServiceName.SERVICE_NAME_KAFKA);
    return resource.toBuilder().setFile(resource.getFile().toBuilder().setPropertiesEquivalence(KAFKA_RULES)).build();
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = HandWrittenPropertiesTest.class.getResourceAsStream(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
