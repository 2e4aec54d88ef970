package dev.steward.agent.service.supervisor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steward.agent.facts.JavaRuntimeProbe;
import dev.steward.agent.host.HostRoot;
import dev.steward.agent.service.ServiceEvents;
import dev.steward.agent.service.ServiceException;
import dev.steward.common.testing.Eventually;
import dev.steward.agent.v1.JvmLaunch;
import dev.steward.agent.v1.ServiceActiveState;
import dev.steward.agent.v1.ServiceName;
import dev.steward.agent.v1.ServiceResource;
import dev.steward.agent.v1.ServiceRunState;
import dev.steward.agent.v1.ServiceStatus;
import dev.steward.common.render.JvmCommandLine;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The supervisor with real child JVMs, launched through the real JvmCommandLine argv. */
class SupervisorBackendTest {

  static final Duration PROCESS_TIMEOUT = Duration.ofSeconds(30);

  @TempDir
  Path temp;
  Path root;
  Path state;
  HostRoot hostRoot;
  final List<SupervisorBackend> backends = new ArrayList<>();
  final List<String> launches = new CopyOnWriteArrayList<>();

  @BeforeEach
  void setUp() throws Exception {
    root = Files.createDirectories(temp.resolve("host"));
    state = Files.createDirectories(temp.resolve("state"));
    hostRoot = new HostRoot(root);
    installFakeDistribution(root.resolve("opt/fake"));
  }

  @AfterEach
  void killEveryChild() throws IOException {
    for (SupervisorBackend backend : backends) {
      backend.close();
    }
    Set<Long> pids = new HashSet<>();
    for (String service : List.of("zookeeper", "kafka")) {
      Path marker = root.resolve("markers/" + service);
      if (Files.exists(marker)) {
        Files.readAllLines(marker).stream().filter(line -> !line.isBlank()).map(Long::parseLong).forEach(pids::add);
      }
    }
    for (long pid : pids) {
      ProcessHandle.of(pid).ifPresent(handle -> {
        handle.destroyForcibly();
        handle.onExit().join();
      });
    }
  }

  @Test
  void startRunsTheRealArgvAndReportsActiveWithPid() throws Exception {
    SupervisorBackend backend = backend();
    backend.define(definition(ServiceName.SERVICE_NAME_ZOOKEEPER, ""));

    ServiceStatus status = backend.start(ServiceName.SERVICE_NAME_ZOOKEEPER);
    assertThat(status.getActiveState()).isEqualTo(ServiceActiveState.SERVICE_ACTIVE_STATE_ACTIVE);
    assertThat(status.getMainPid()).isPositive();
    assertThat(status.getActiveSinceUnixMillis()).isPositive();
    long pid = awaitMarker("zookeeper", 1).get(0);
    assertThat(pid).isEqualTo(status.getMainPid());
    assertThat(ProcessHandle.of(pid).orElseThrow().info().commandLine().orElse(""))
        .contains("-cp " + root.resolve("opt/fake") + "/libs/*")
        .contains(FakeServiceMain.class.getName());
    Eventually.within(PROCESS_TIMEOUT).until("output appended to the log",
        () -> readQuietly(root.resolve("var/log/fake/zookeeper.out")).contains("fake service up"));
    assertThat(launches).containsExactly("SERVICE_NAME_ZOOKEEPER start");
  }

  @Test
  void stopSendsSigtermAndA143ExitIsAClean() throws Exception {
    SupervisorBackend backend = backend();
    backend.define(definition(ServiceName.SERVICE_NAME_ZOOKEEPER, ""));
    long pid = backend.start(ServiceName.SERVICE_NAME_ZOOKEEPER).getMainPid();
    awaitMarker("zookeeper", 1);

    ServiceStatus stopped = backend.stop(ServiceName.SERVICE_NAME_ZOOKEEPER);
    assertThat(stopped.getActiveState()).isEqualTo(ServiceActiveState.SERVICE_ACTIVE_STATE_INACTIVE);
    assertThat(stopped.getLastExitStatus()).isEqualTo(143);
    assertThat(stopped.getMainPid()).isZero();
    assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    assertThat(stopped.getCrashRestarts()).isZero();
  }

  @Test
  void aKilledChildIsRestartedAfterTheBackoffAndCounted() throws Exception {
    SupervisorBackend backend = backend();
    backend.define(definition(ServiceName.SERVICE_NAME_ZOOKEEPER, ""));
    long first = backend.start(ServiceName.SERVICE_NAME_ZOOKEEPER).getMainPid();
    awaitMarker("zookeeper", 1);

    ProcessHandle.of(first).orElseThrow().destroyForcibly();

    Eventually.within(PROCESS_TIMEOUT).until("a crash restart", () -> {
      ServiceStatus status = backend.status(ServiceName.SERVICE_NAME_ZOOKEEPER);
      return status.getActiveState() == ServiceActiveState.SERVICE_ACTIVE_STATE_ACTIVE && status.getMainPid() != first;
    });
    ServiceStatus status = backend.status(ServiceName.SERVICE_NAME_ZOOKEEPER);
    assertThat(status.getCrashRestarts()).isEqualTo(1);
    assertThat(status.getLastExitStatus()).isEqualTo(137);
    assertThat(awaitMarker("zookeeper", 2)).hasSize(2);
    assertThat(launches).containsExactly("SERVICE_NAME_ZOOKEEPER start", "SERVICE_NAME_ZOOKEEPER crash restart #1");
  }

  @Test
  void aFailingExitIsReportedAsAutoRestartWhileWaitingForTheBackoff() throws Exception {
    SupervisorBackend backend = backend();
    ServiceResource crashing = definition(ServiceName.SERVICE_NAME_ZOOKEEPER, "exit.after.ms=0\nexit.code=3\n").toBuilder()
        .setLaunch(definition(ServiceName.SERVICE_NAME_ZOOKEEPER, "").getLaunch().toBuilder().setRestartDelaySeconds(30))
        .build();
    writeConfig(ServiceName.SERVICE_NAME_ZOOKEEPER, "exit.after.ms=0\nexit.code=3\n");
    backend.define(crashing);
    backend.start(ServiceName.SERVICE_NAME_ZOOKEEPER);

    Eventually.within(PROCESS_TIMEOUT).until("the crash to be noticed",
        () -> backend.status(ServiceName.SERVICE_NAME_ZOOKEEPER).getActiveState()
            == ServiceActiveState.SERVICE_ACTIVE_STATE_ACTIVATING);
    ServiceStatus status = backend.status(ServiceName.SERVICE_NAME_ZOOKEEPER);
    assertThat(status.getSubState()).startsWith("auto-restart").contains("status 3");
    assertThat(status.getLastExitStatus()).isEqualTo(3);

    // a stop during the backoff cancels the pending restart
    assertThat(backend.stop(ServiceName.SERVICE_NAME_ZOOKEEPER).getActiveState())
        .isEqualTo(ServiceActiveState.SERVICE_ACTIVE_STATE_INACTIVE);
  }

  @Test
  void aNewSupervisorAdoptsTheRunningChildInsteadOfStartingASecond() throws Exception {
    SupervisorBackend first = backend();
    first.define(definition(ServiceName.SERVICE_NAME_ZOOKEEPER, "").toBuilder().setEnabled(true).build());
    long pid = first.start(ServiceName.SERVICE_NAME_ZOOKEEPER).getMainPid();
    awaitMarker("zookeeper", 1);
    first.close(); // the agent exits; its child must not

    SupervisorBackend second = backend();
    second.startEnabledServices();
    ServiceStatus adopted = second.status(ServiceName.SERVICE_NAME_ZOOKEEPER);
    assertThat(adopted.getActiveState()).isEqualTo(ServiceActiveState.SERVICE_ACTIVE_STATE_ACTIVE);
    assertThat(adopted.getMainPid()).isEqualTo(pid);
    assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isTrue();
    assertThat(readMarker("zookeeper")).as("no second process").hasSize(1);

    assertThat(second.stop(ServiceName.SERVICE_NAME_ZOOKEEPER).getActiveState())
        .isEqualTo(ServiceActiveState.SERVICE_ACTIVE_STATE_INACTIVE);
    assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
  }

  @Test
  void anEnabledServiceThatIsNotRunningIsStartedWhenTheAgentStarts() throws Exception {
    SupervisorBackend first = backend();
    first.define(definition(ServiceName.SERVICE_NAME_ZOOKEEPER, "").toBuilder().setEnabled(true).build());
    first.define(definition(ServiceName.SERVICE_NAME_KAFKA, "")); // not enabled
    first.close();

    SupervisorBackend second = backend();
    second.startEnabledServices();
    assertThat(second.status(ServiceName.SERVICE_NAME_ZOOKEEPER).getActiveState())
        .isEqualTo(ServiceActiveState.SERVICE_ACTIVE_STATE_ACTIVE);
    assertThat(second.status(ServiceName.SERVICE_NAME_KAFKA).getActiveState())
        .isEqualTo(ServiceActiveState.SERVICE_ACTIVE_STATE_INACTIVE);
    awaitMarker("zookeeper", 1);
  }

  @Test
  void aDeadOrReusedPidIsNotAdopted() throws Exception {
    SupervisorBackend first = backend();
    first.define(definition(ServiceName.SERVICE_NAME_ZOOKEEPER, ""));
    long pid = first.start(ServiceName.SERVICE_NAME_ZOOKEEPER).getMainPid();
    awaitMarker("zookeeper", 1);
    first.close();
    ProcessHandle child = ProcessHandle.of(pid).orElseThrow();
    child.destroyForcibly();
    child.onExit().join();

    SupervisorBackend second = backend();
    ServiceStatus status = second.status(ServiceName.SERVICE_NAME_ZOOKEEPER);
    assertThat(status.getActiveState()).isEqualTo(ServiceActiveState.SERVICE_ACTIVE_STATE_FAILED);
    assertThat(status.getSubState()).contains("exited while the agent was not running");

    // a live process whose start time differs from the recorded one (the pid was reused)
    long self = ProcessHandle.current().pid();
    long selfStart = ProcessHandle.current().info().startInstant().orElseThrow().toEpochMilli();
    assertThat(SupervisorBackend.adoptable(new ProcessRecord(self, selfStart - 60_000, 0, "RUNNING", 0, 0, -1))).isEmpty();
    assertThat(SupervisorBackend.adoptable(new ProcessRecord(self, selfStart, 0, "RUNNING", 0, 0, -1))).isPresent();
  }

  @Test
  void startingKafkaWhileItsZooKeeperIsNotActiveFails() throws Exception {
    SupervisorBackend backend = backend();
    backend.define(definition(ServiceName.SERVICE_NAME_ZOOKEEPER, ""));
    backend.define(definition(ServiceName.SERVICE_NAME_KAFKA, "").toBuilder()
        .addRequires(ServiceName.SERVICE_NAME_ZOOKEEPER).build());

    assertThatThrownBy(() -> backend.start(ServiceName.SERVICE_NAME_KAFKA))
        .isInstanceOf(ServiceException.class)
        .hasMessageContaining("kafka requires zookeeper on this host, which is inactive");
    assertThat(backend.status(ServiceName.SERVICE_NAME_KAFKA).getActiveState())
        .isEqualTo(ServiceActiveState.SERVICE_ACTIVE_STATE_INACTIVE);
    assertThat(readMarker("kafka")).isEmpty();
  }

  @Test
  void anotherUserIsRefusedBecauseTheSupervisorCannotSwitchUsers() throws Exception {
    SupervisorBackend backend = backend();
    ServiceResource asKafka = definition(ServiceName.SERVICE_NAME_ZOOKEEPER, "").toBuilder()
        .setLaunch(definition(ServiceName.SERVICE_NAME_ZOOKEEPER, "").getLaunch().toBuilder().setUser("kafka-not-me"))
        .build();
    assertThatThrownBy(() -> backend.define(asKafka))
        .isInstanceOf(ServiceException.class)
        .hasMessageContaining("'kafka-not-me'").hasMessageContaining("systemd backend");
  }

  @Test
  void unsafeJvmOptionIsAnInvalidDefinition() throws Exception {
    SupervisorBackend backend = backend();
    ServiceResource unsafe = definition(ServiceName.SERVICE_NAME_ZOOKEEPER, "").toBuilder()
        .setLaunch(definition(ServiceName.SERVICE_NAME_ZOOKEEPER, "").getLaunch().toBuilder()
            .addJvmOptions("-Dx=1; rm -rf /"))
        .build();
    assertThatThrownBy(() -> backend.define(unsafe))
        .isInstanceOf(ServiceException.class).hasMessageContaining("unsafe JVM option");
  }

  // ------------------------------------------------------------------ fixtures

  private SupervisorBackend backend() throws IOException {
    ServiceEvents events = new ServiceEvents() {
      @Override
      public void launched(ServiceName service, String why) {
        launches.add(service + " " + why);
      }
    };
    SupervisorBackend backend = new SupervisorBackend(hostRoot, state, JavaRuntimeProbe.agentJavaHome(), events,
        Clock.systemUTC(), (definition, java) -> {
          List<String> argv = new ArrayList<>(JvmCommandLine.argv(definition, java));
          argv.set(argv.size() - 2, FakeServiceMain.class.getName());
          return argv;
        });
    backends.add(backend);
    return backend;
  }

  private ServiceResource definition(ServiceName service, String config) throws IOException {
    writeConfig(service, config);
    String name = service == ServiceName.SERVICE_NAME_KAFKA ? "kafka" : "zookeeper";
    return ServiceResource.newBuilder()
        .setService(service)
        .setState(ServiceRunState.SERVICE_RUN_STATE_RUNNING)
        .setLaunch(JvmLaunch.newBuilder()
            .setInstallDir("/opt/fake")
            .setConfigFile("/etc/fake/" + name + ".properties")
            .setLogDir("/var/log/fake")
            .addHeapOptions("-Xmx32m")
            .addJvmOptions("-XX:TieredStopAtLevel=1")
            .addJvmOptions("-Xshare:auto")
            .setStopTimeoutSeconds(20)
            .setRestartDelaySeconds(1))
        .build();
  }

  private void writeConfig(ServiceName service, String config) throws IOException {
    String name = service == ServiceName.SERVICE_NAME_KAFKA ? "kafka" : "zookeeper";
    Files.createDirectories(root.resolve("etc/fake"));
    Files.createDirectories(root.resolve("markers"));
    Files.writeString(root.resolve("etc/fake/" + name + ".properties"),
        "marker=" + root.resolve("markers/" + name) + "\n" + config);
  }

  /** A distribution whose libs/ holds a jar with the fake main class, so "-cp libs/*" finds it. */
  private static void installFakeDistribution(Path install) throws IOException {
    Files.createDirectories(install.resolve("libs"));
    Files.createDirectories(install.resolve("config"));
    String resource = FakeServiceMain.class.getName().replace('.', '/') + ".class";
    try (OutputStream file = Files.newOutputStream(install.resolve("libs/fake-service.jar"));
         JarOutputStream jar = new JarOutputStream(file);
         var classBytes = FakeServiceMain.class.getClassLoader().getResourceAsStream(resource)) {
      jar.putNextEntry(new JarEntry(resource));
      classBytes.transferTo(jar);
      jar.closeEntry();
    }
  }

  private List<Long> awaitMarker(String service, int count) {
    Eventually.within(PROCESS_TIMEOUT).until(count + " launch(es) of " + service,
        () -> readMarker(service).size() >= count);
    return readMarker(service);
  }

  private List<Long> readMarker(String service) {
    return readQuietly(root.resolve("markers/" + service)).lines().filter(l -> !l.isBlank()).map(Long::parseLong).toList();
  }

  private static String readQuietly(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file) : "";
    } catch (IOException e) {
      return "";
    }
  }
}
