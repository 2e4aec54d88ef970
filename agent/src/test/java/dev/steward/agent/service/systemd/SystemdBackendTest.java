package dev.steward.agent.service.systemd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steward.agent.exec.CommandResult;
import dev.steward.agent.host.HostRoot;
import dev.steward.agent.resource.ServiceHandler;
import dev.steward.agent.resource.Diff;
import dev.steward.agent.service.ServiceEvents;
import dev.steward.agent.service.ServiceException;
import dev.steward.agent.testing.RecordingCommandRunner;
import dev.steward.agent.v1.JvmLaunch;
import dev.steward.agent.v1.RestartReasonKind;
import dev.steward.agent.v1.ServiceName;
import dev.steward.agent.v1.ServiceResource;
import dev.steward.agent.v1.ServiceRunState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The backend's decisions over a temp root and a scripted systemctl that keeps a little state. */
class SystemdBackendTest {

  static final ServiceName ZK = ServiceName.SERVICE_NAME_ZOOKEEPER;
  static final ServiceName KAFKA = ServiceName.SERVICE_NAME_KAFKA;

  @TempDir
  Path temp;

  Path root;
  RecordingCommandRunner runner;
  SystemdBackend backend;
  final List<String> launches = new ArrayList<>();
  /** What the scripted systemd believes, per unit. */
  final Map<String, Boolean> active = new java.util.HashMap<>();
  final Map<String, Boolean> enabled = new java.util.HashMap<>();
  final Map<String, Long> activeEnter = new java.util.HashMap<>();
  final Map<String, Boolean> loadedFileChanged = new java.util.HashMap<>();

  @BeforeEach
  void setUp() throws Exception {
    root = Files.createDirectories(temp.resolve("root"));
    runner = new RecordingCommandRunner();
    runner.on(List.of("systemctl", "show"), argv -> show(argv.get(argv.size() - 1)));
    runner.on(List.of("systemctl", "daemon-reload"), argv -> {
      loadedFileChanged.clear();
      return ok(argv);
    });
    runner.on(List.of("systemctl", "enable"), argv -> { enabled.put(last(argv), true); return ok(argv); });
    runner.on(List.of("systemctl", "disable"), argv -> { enabled.put(last(argv), false); return ok(argv); });
    runner.on(List.of("systemctl", "start"), argv -> { launch(last(argv)); return ok(argv); });
    runner.on(List.of("systemctl", "restart"), argv -> { launch(last(argv)); return ok(argv); });
    runner.on(List.of("systemctl", "stop"), argv -> { active.put(last(argv), false); return ok(argv); });
    ServiceEvents events = new ServiceEvents() {
      @Override
      public void launched(ServiceName service, String why) {
        launches.add(service + ": " + why);
      }
    };
    backend = new SystemdBackend(new HostRoot(root), temp.resolve("state"), Path.of("/usr/lib/jvm/java-17"), events,
        Clock.fixed(Instant.ofEpochMilli(1_700_000_000_000L), ZoneOffset.UTC), runner, () -> 10_000_000_000L);
  }

  private void launch(String unit) {
    active.put(unit, true);
    activeEnter.put(unit, activeEnter.getOrDefault(unit, 1_000_000L) + 1_000_000L);
  }

  private static String last(List<String> argv) {
    return argv.get(argv.size() - 1);
  }

  private static CommandResult ok(List<String> argv) {
    return new CommandResult(argv, 0, "", "", false);
  }

  private CommandResult show(String unit) {
    boolean exists = Files.exists(root.resolve("etc/systemd/system").resolve(unit));
    String out = "LoadState=" + (exists ? "loaded" : "not-found") + "\n"
        + "ActiveState=" + (active.getOrDefault(unit, false) ? "active" : "inactive") + "\n"
        + "SubState=" + (active.getOrDefault(unit, false) ? "running" : "dead") + "\n"
        + "MainPID=" + (active.getOrDefault(unit, false) ? "4242" : "0") + "\n"
        + "UnitFileState=" + (!exists ? "" : enabled.getOrDefault(unit, false) ? "enabled" : "disabled") + "\n"
        + "ActiveEnterTimestampMonotonic=" + activeEnter.getOrDefault(unit, 0L) + "\n"
        + "NeedDaemonReload=" + (loadedFileChanged.getOrDefault(unit, false) ? "yes" : "no") + "\n";
    return new CommandResult(List.of("systemctl", "show", unit), 0, out, "", false);
  }

  static ServiceResource kafka() {
    return ServiceResource.newBuilder()
        .setService(KAFKA)
        .setState(ServiceRunState.SERVICE_RUN_STATE_RUNNING)
        .setEnabled(true)
        .addRequires(ZK)
        .setLaunch(JvmLaunch.newBuilder()
            .setInstallDir("/opt/kafka")
            .setConfigFile("/opt/kafka/config/server.properties")
            .setLogDir("/var/log/kafka")
            .addAllHeapOptions(List.of("-Xmx2G", "-Xms2G"))
            .addAllJvmOptions(List.of("-server", "-XX:+UseG1GC"))
            .setUser("kafka")
            .setGroup("kafka")
            .setStopTimeoutSeconds(180)
            .setLimitNofile(100000)
            .setRestartDelaySeconds(10))
        .build();
  }

  static ServiceResource zookeeper() {
    return kafka().toBuilder().setService(ZK).clearRequires().build();
  }

  Path unitFile(String name) {
    return root.resolve("etc/systemd/system/" + name);
  }

  @Test
  void firstDefineWritesTheUnitReloadsOnceAndEnablesIt() throws Exception {
    boolean changed = backend.define(kafka());

    assertThat(changed).isTrue();
    assertThat(Files.readString(unitFile("kafka.service"))).contains("ExecStart=/usr/lib/jvm/java-17/bin/java ");
    assertThat(runner.commandsStartingWith("systemctl daemon-reload")).hasSize(1);
    assertThat(runner.commandsStartingWith("systemctl enable")).containsExactly("systemctl enable --quiet kafka.service");
    assertThat(runner.commands()).noneMatch(c -> c.startsWith("systemctl start") || c.startsWith("systemctl restart"));
  }

  @Test
  void unchangedDefinitionNeitherRewritesNorReloadsNorReenables() throws Exception {
    backend.define(kafka());
    runner.clear();
    long modified = Files.getLastModifiedTime(unitFile("kafka.service")).toMillis();

    boolean changed = backend.define(kafka());

    assertThat(changed).isFalse();
    assertThat(runner.commands()).allMatch(c -> c.startsWith("systemctl show"));
    assertThat(Files.getLastModifiedTime(unitFile("kafka.service")).toMillis()).isEqualTo(modified);
  }

  @Test
  void disabledDefinitionDisablesAnEnabledUnit() throws Exception {
    backend.define(kafka());
    runner.clear();

    backend.define(kafka().toBuilder().setEnabled(false).build());

    assertThat(runner.commandsStartingWith("systemctl disable")).containsExactly("systemctl disable --quiet kafka.service");
    assertThat(runner.commandsStartingWith("systemctl daemon-reload")).as("enablement is not part of the unit").isEmpty();
  }

  @Test
  void unitEditedOnDiskIsDriftAndTheNextDefineRestoresAndReloads() throws Exception {
    backend.define(kafka());
    Files.writeString(unitFile("kafka.service"), "# hand edit\n", java.nio.file.StandardOpenOption.APPEND);
    loadedFileChanged.put("kafka.service", true);
    runner.clear();

    assertThat(backend.installedDefinitionText(KAFKA).orElseThrow()).endsWith("# hand edit\n");
    assertThat(backend.definitionText(kafka())).doesNotContain("hand edit");
    backend.define(kafka());

    assertThat(Files.readString(unitFile("kafka.service"))).doesNotContain("hand edit");
    assertThat(runner.commandsStartingWith("systemctl daemon-reload")).hasSize(1);
  }

  @Test
  void startRefusesWhileARequiredServiceIsNotActiveAndStartsNothing() throws Exception {
    backend.define(zookeeper());
    backend.define(kafka());
    runner.clear();

    assertThatThrownBy(() -> backend.start(KAFKA)).isInstanceOf(ServiceException.class)
        .hasMessageContaining("kafka requires zookeeper");
    assertThat(runner.commandsStartingWith("systemctl start")).isEmpty();

    backend.start(ZK);
    assertThat(backend.start(KAFKA).getMainPid()).isEqualTo(4242);
    assertThat(runner.commandsStartingWith("systemctl start")).containsExactly("systemctl start zookeeper.service",
        "systemctl start kafka.service");
  }

  @Test
  void startOfARunningServiceLaunchesNothing() throws Exception {
    backend.define(zookeeper());
    backend.start(ZK);
    runner.clear();
    launches.clear();

    backend.start(ZK);

    assertThat(runner.commandsStartingWith("systemctl start")).isEmpty();
    assertThat(launches).isEmpty();
  }

  @Test
  void stopWaitsLongerThanTheUnitsStopTimeout() throws Exception {
    backend.define(kafka());

    backend.stop(KAFKA);

    RecordingCommandRunner.Call stop = runner.calls.stream().filter(c -> c.command().startsWith("systemctl stop"))
        .findFirst().orElseThrow();
    assertThat(stop.timeout()).isGreaterThan(java.time.Duration.ofSeconds(180));
  }

  @Test
  void aRestartOutsideTheAgentCountsAsALaunchSoPendingReasonsClear() throws Exception {
    backend.define(zookeeper());
    backend.start(ZK);
    backend.status(ZK);
    launches.clear();

    launch("zookeeper.service"); // systemd restarted it after a crash, or someone ran systemctl restart
    backend.status(ZK);

    assertThat(launches).containsExactly(ZK + ": started outside the agent");
  }

  @Test
  void changedUnitOfARunningServiceIsAUnitChangedRestartReasonAndApplyDoesNotRestart() throws Exception {
    backend.define(zookeeper());
    backend.start(ZK);
    ServiceHandler handler = new ServiceHandler(backend);
    ServiceResource bigger = zookeeper().toBuilder()
        .setLaunch(zookeeper().getLaunch().toBuilder().clearHeapOptions().addHeapOptions("-Xmx4G")).build();

    ServiceHandler.Observed observed = handler.observe(bigger);
    Diff diff = handler.diff(bigger, observed);
    runner.clear();
    handler.apply(bigger, observed, diff);

    assertThat(diff.text()).contains("-ExecStart=").contains("+ExecStart=").contains("-Xmx4G");
    assertThat(diff.ownRestartReasons()).singleElement()
        .satisfies(r -> assertThat(r.getKind()).isEqualTo(RestartReasonKind.RESTART_REASON_KIND_UNIT_CHANGED));
    assertThat(runner.commands()).contains("systemctl daemon-reload")
        .noneMatch(c -> c.startsWith("systemctl restart") || c.startsWith("systemctl stop") || c.startsWith("systemctl start"));
  }

  @Test
  void statusOfAServiceWithoutUnitIsNotInstalledAndListSkipsIt() throws Exception {
    assertThat(backend.status(KAFKA).getInstalled()).isFalse();
    assertThat(backend.list()).isEmpty();
    assertThat(backend.definition(KAFKA)).isEmpty();
  }

  @Test
  void definitionReportsTheEnablementSystemdActuallyHas() throws Exception {
    backend.define(kafka());
    enabled.put("kafka.service", false); // someone ran systemctl disable kafka

    assertThat(backend.definition(KAFKA).orElseThrow().getEnabled()).isFalse();
  }

  @Test
  void failingSystemctlIsAnOperationFailureWithItsOwnWordsAndAJournalHint() throws Exception {
    backend.define(zookeeper());
    runner.on(List.of("systemctl", "start"), 1, "",
        "Job for zookeeper.service failed because the control process exited with error code.\n");

    assertThatThrownBy(() -> backend.start(ZK)).isInstanceOf(ServiceException.class)
        .hasMessageContaining("'systemctl start zookeeper.service' exited with status 1: Job for zookeeper.service failed")
        .hasMessageContaining("journalctl -u zookeeper.service");
  }
}
