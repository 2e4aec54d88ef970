package dev.steward.agent.resource;

import static dev.steward.agent.v1.ResourceStatus.RESOURCE_STATUS_CHANGED;
import static dev.steward.agent.v1.ResourceStatus.RESOURCE_STATUS_FAILED;
import static dev.steward.agent.v1.ResourceStatus.RESOURCE_STATUS_SKIPPED;
import static dev.steward.agent.v1.ResourceStatus.RESOURCE_STATUS_UNCHANGED;
import static dev.steward.agent.v1.ResourceStatus.RESOURCE_STATUS_WOULD_CHANGE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.agent.service.PendingRestarts;
import dev.steward.agent.testing.Resources;
import dev.steward.agent.v1.JavaRuntimeResource;
import dev.steward.agent.v1.JvmLaunch;
import dev.steward.agent.v1.Resource;
import dev.steward.agent.v1.ResourceResult;
import dev.steward.agent.v1.RestartReasonKind;
import dev.steward.agent.v1.ServiceName;
import dev.steward.agent.v1.ServiceResource;
import dev.steward.agent.v1.ServiceRunState;
import dev.steward.agent.v1.UserResource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResourceEngineTest {

  @TempDir
  Path temp;
  EngineFixture host;

  @BeforeEach
  void setUp() throws Exception {
    host = new EngineFixture(temp);
  }

  static Resource kafkaService(ServiceRunState state, String heap) {
    return Resource.newBuilder().setId("service:kafka").setService(ServiceResource.newBuilder()
        .setService(ServiceName.SERVICE_NAME_KAFKA)
        .setState(state)
        .setLaunch(JvmLaunch.newBuilder().setInstallDir("/opt/kafka").setConfigFile("/opt/kafka/config/server.properties")
            .setLogDir("/var/log/kafka").addHeapOptions(heap)))
        .build();
  }

  @Test
  void serviceIsDefinedAndStartedThenUnchanged() {
    ResourceResult first = host.applyOne(kafkaService(ServiceRunState.SERVICE_RUN_STATE_RUNNING, "-Xmx1G"));
    assertThat(first.getStatus()).isEqualTo(RESOURCE_STATUS_CHANGED);
    assertThat(first.getDiff()).contains("define kafka").contains("start kafka");
    assertThat(host.backend.actions).containsExactly("define SERVICE_NAME_KAFKA", "start SERVICE_NAME_KAFKA");
    assertThat(host.applyOne(kafkaService(ServiceRunState.SERVICE_RUN_STATE_RUNNING, "-Xmx1G")).getStatus())
        .isEqualTo(RESOURCE_STATUS_UNCHANGED);
  }

  @Test
  void changedDefinitionOfARunningServiceIsAPendingReasonNeverARestart() {
    host.applyOne(kafkaService(ServiceRunState.SERVICE_RUN_STATE_RUNNING, "-Xmx1G"));
    host.backend.actions.clear();

    ResourceResult result = host.applyOne(kafkaService(ServiceRunState.SERVICE_RUN_STATE_RUNNING, "-Xmx2G"));
    assertThat(result.getStatus()).isEqualTo(RESOURCE_STATUS_CHANGED);
    assertThat(result.getDiff()).contains("-  heap_options: \"-Xmx1G\"").contains("+  heap_options: \"-Xmx2G\"");
    assertThat(result.getRestartReasonsList()).singleElement()
        .satisfies(r -> assertThat(r.getKind()).isEqualTo(RestartReasonKind.RESTART_REASON_KIND_UNIT_CHANGED));
    assertThat(host.backend.actions).containsExactly("define SERVICE_NAME_KAFKA");
    assertThat(host.pending.of(ServiceName.SERVICE_NAME_KAFKA)).hasSize(1);
  }

  @Test
  void desiredStoppedStopsARunningService() {
    host.applyOne(kafkaService(ServiceRunState.SERVICE_RUN_STATE_RUNNING, "-Xmx1G"));
    ResourceResult result = host.applyOne(kafkaService(ServiceRunState.SERVICE_RUN_STATE_STOPPED, "-Xmx1G"));
    assertThat(result.getDiff()).isEqualTo("stop kafka");
    assertThat(host.backend.actions).endsWith("stop SERVICE_NAME_KAFKA");
  }

  @Test
  void machineWideKindsAreRefusedUnderASandboxRootWithoutRunningAnything() throws Exception {
    Files.createDirectories(host.real("/etc"));
    Files.writeString(host.real("/etc/passwd"), "root:x:0:0:root:/root:/bin/bash\n");
    Resource user = Resource.newBuilder().setId("user:kafka").setUser(UserResource.newBuilder()
        .setName("kafka").setGroup("kafka").setSystem(true)).build();

    ResourceResult result = host.applyOne(user);

    assertThat(result.getStatus()).isEqualTo(RESOURCE_STATUS_FAILED);
    assertThat(result.getMessage()).contains("changes the whole machine").contains("sandbox");
  }

  @Test
  void javaRuntimeOfTheAgentPassesAndAnImpossibleMinimumFails() {
    Resource ok = Resource.newBuilder().setId("java").setJavaRuntime(JavaRuntimeResource.newBuilder()
        .setMinFeatureVersion(11)).build();
    assertThat(host.applyOne(ok).getStatus()).isEqualTo(RESOURCE_STATUS_UNCHANGED);
    Resource tooNew = Resource.newBuilder().setId("java").setJavaRuntime(JavaRuntimeResource.newBuilder()
        .setMinFeatureVersion(999).setInstallPackage("openjdk-999-jre-headless")).build();
    ResourceResult result = host.applyOne(tooNew);
    assertThat(result.getStatus()).isEqualTo(RESOURCE_STATUS_FAILED);
    assertThat(result.getMessage()).contains("installing Java changes the whole machine");
    assertThat(host.dryRunOne(tooNew).getDiff()).contains("install package openjdk-999-jre-headless")
        .contains("need Java 999+");
  }

  @Test
  void afterAFailureTheRestIsNotAttemptedButADryRunShowsEverything() throws Exception {
    Files.createDirectories(host.real("/var/lib/zookeeper"));
    Files.writeString(host.real("/var/lib/zookeeper/myid"), "1\n");
    Resource badMyid = Resources.myid("/var/lib/zookeeper/myid", 2);
    Resource file = Resources.file("/etc/zk.properties", "x=1\n");

    List<ResourceResult> plan = host.run(true, badMyid, file);
    assertThat(plan).extracting(ResourceResult::getStatus)
        .containsExactly(RESOURCE_STATUS_FAILED, RESOURCE_STATUS_WOULD_CHANGE);

    List<ResourceResult> applied = host.apply(badMyid, file);
    assertThat(applied).extracting(ResourceResult::getStatus).containsExactly(RESOURCE_STATUS_FAILED, RESOURCE_STATUS_SKIPPED);
    assertThat(applied.get(1).getMessage()).contains("myid:/var/lib/zookeeper/myid failed before it");
    assertThat(host.real("/etc/zk.properties")).doesNotExist();
    assertThat(host.lastSummary.getFailed()).isEqualTo(1);
    assertThat(host.lastSummary.getSkipped()).isEqualTo(1);
  }

  @Test
  void pendingRestartsSurviveAReloadAndAreClearedPerService() throws Exception {
    host.backend.markRunning(ServiceName.SERVICE_NAME_KAFKA);
    host.applyOne(Resources.file("/opt/a", "1\n", ServiceName.SERVICE_NAME_KAFKA));
    host.applyOne(Resources.file("/opt/a", "2\n", ServiceName.SERVICE_NAME_KAFKA));
    PendingRestarts reloaded = new PendingRestarts(host.state.resolve("pending-restarts.json"));
    assertThat(reloaded.of(ServiceName.SERVICE_NAME_KAFKA)).as("same kind and detail counted once").hasSize(1);
    reloaded.clear(ServiceName.SERVICE_NAME_KAFKA);
    assertThat(new PendingRestarts(host.state.resolve("pending-restarts.json")).all()).isEmpty();
  }

  @Test
  void requestValidationNamesEachProblem() {
    List<String> problems = ResourceRequestValidator.problems(List.of(
        Resources.file("relative/path", "x"),
        Resources.file("/opt/../etc/passwd", "x"),
        Resource.newBuilder().setId("file:relative/path").build(),
        Resources.myid("/var/lib/zookeeper/myid", 0)));
    assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("resources[0]").contains("relative"));
    assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("resources[1]").contains("'..'"));
    assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("resources[2]").contains("unique"));
    assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("resources[2]").contains("no resource kind"));
    assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("resources[3]").contains("1..255"));
  }
}
