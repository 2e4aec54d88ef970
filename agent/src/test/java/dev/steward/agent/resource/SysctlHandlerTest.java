package dev.steward.agent.resource;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.agent.exec.CommandResult;
import dev.steward.agent.host.HostRoot;
import dev.steward.agent.testing.RecordingCommandRunner;
import dev.steward.agent.v1.SysctlResource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Over a temp root with a fake /proc/sys tree; a scripted sysctl plays the kernel. */
class SysctlHandlerTest {

  static final String FILE = "/etc/sysctl.d/60-steward.conf";

  @TempDir
  Path root;

  RecordingCommandRunner runner;
  SysctlHandler handler;

  @BeforeEach
  void setUp() throws Exception {
    proc("vm/swappiness", "60\n");
    proc("net/core/rmem_max", "212992\n");
    proc("net/ipv4/ip_local_port_range", "32768\t60999\n");
    runner = new RecordingCommandRunner();
    // the kernel takes every value of the file
    runner.on(List.of("sysctl", "-p"), argv -> {
      try {
        for (String line : Files.readAllLines(Path.of(argv.get(2)))) {
          if (!line.startsWith("#") && line.contains("=")) {
            String[] kv = line.split("=", 2);
            proc(SysctlFile.procPath(kv[0].strip()), kv[1].strip() + "\n");
          }
        }
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
      return new CommandResult(argv, 0, "", "", false);
    });
    handler = new SysctlHandler(new HostRoot(root), runner, new MachineWide(true, "/"));
  }

  void proc(String path, String value) throws Exception {
    Path file = root.resolve("proc/sys").resolve(path);
    Files.createDirectories(file.getParent());
    Files.writeString(file, value);
  }

  static SysctlResource guide() {
    return SysctlResource.newBuilder().setPath(FILE).putValues("vm.swappiness", "1")
        .putValues("net.core.rmem_max", "16777216").build();
  }

  Diff diff(SysctlResource desired) throws Exception {
    return handler.diff(desired, handler.observe(desired));
  }

  Diff applyAndRediff(SysctlResource desired) throws Exception {
    SysctlHandler.Observed observed = handler.observe(desired);
    handler.apply(desired, observed, handler.diff(desired, observed));
    return diff(desired);
  }

  @Test
  void freshHostWritesTheSortedFileAppliesItAndIsThenUnchanged() throws Exception {
    Diff first = diff(guide());
    assertThat(first.text()).contains("create " + FILE).contains("live vm.swappiness: 60 -> 1")
        .contains("live net.core.rmem_max: 212992 -> 16777216");

    Diff after = applyAndRediff(guide());

    assertThat(Files.readString(root.resolve("etc/sysctl.d/60-steward.conf"))).isEqualTo(
        "# Managed by Steward: local changes are overwritten.\n"
        + """
        net.core.rmem_max=16777216
        vm.swappiness=1
        """);
    assertThat(runner.commands()).containsExactly("sysctl -p " + root.resolve("etc/sysctl.d/60-steward.conf"));
    assertThat(after.isNone()).isTrue();
  }

  @Test
  void liveValueChangedBehindOurBackIsDriftEvenWhenTheFileIsRight() throws Exception {
    applyAndRediff(guide());
    proc("vm/swappiness", "30\n");

    Diff drift = diff(guide());

    assertThat(drift.text()).isEqualTo("live vm.swappiness: 30 -> 1");
  }

  @Test
  void editedFileIsDriftEvenWhenTheLiveValuesAreRight() throws Exception {
    applyAndRediff(guide());
    Files.writeString(root.resolve("etc/sysctl.d/60-steward.conf"), "vm.swappiness=1\n");

    Diff drift = diff(guide());

    assertThat(drift.text()).contains("+net.core.rmem_max=16777216").doesNotContain("live ");
  }

  @Test
  void valueTheKernelRefusesFailsWithTheKernelsOwnWords() throws Exception {
    runner.on(List.of("sysctl", "-p"), 255, "",
        "sysctl: setting key \"net.ipv4.ip_local_port_range\": Invalid argument\n");
    SysctlResource bad = SysctlResource.newBuilder().setPath(FILE).putValues("net.ipv4.ip_local_port_range", "70000 1")
        .build();
    SysctlHandler.Observed observed = handler.observe(bad);

    org.assertj.core.api.Assertions.assertThatThrownBy(() -> handler.apply(bad, observed, handler.diff(bad, observed)))
        .isInstanceOf(ResourceFailure.class)
        .hasMessageContaining("sysctl: setting key \"net.ipv4.ip_local_port_range\": Invalid argument")
        .hasMessageContaining("live net.ipv4.ip_local_port_range: 32768 60999 -> 70000 1");
  }

  @Test
  void multiValueKeysCompareWithoutCaringAboutTabs() throws Exception {
    proc("vm/swappiness", "1\n");
    SysctlResource range = SysctlResource.newBuilder().setPath(FILE)
        .putValues("net.ipv4.ip_local_port_range", "32768   60999").build();
    Files.createDirectories(root.resolve("etc/sysctl.d"));
    Files.writeString(root.resolve("etc/sysctl.d/60-steward.conf"), SysctlFile.render(range.getValuesMap()));

    assertThat(diff(range).isNone()).isTrue();
  }

  @Test
  void keyTheKernelDoesNotHaveIsAConflictBeforeAnythingIsWritten() throws Exception {
    SysctlResource typo = SysctlResource.newBuilder().setPath(FILE).putValues("vm.swapiness", "1").build();

    Diff diff = diff(typo);

    assertThat(diff.isConflict()).isTrue();
    assertThat(diff.conflict()).contains("vm.swapiness").contains("/proc/sys/vm/swapiness");
  }

  @Test
  void keysAndValuesThatCouldSmuggleLinesOrEscapeProcAreRefused() {
    assertThat(SysctlFile.problems(java.util.Map.of("vm.swappiness", "1\nkernel.panic = 1"))).singleElement()
        .asString().contains("single line");
    assertThat(SysctlFile.problems(java.util.Map.of("vm/../../etc.passwd", "1"))).isNotEmpty();
    assertThat(SysctlFile.problems(java.util.Map.of("swappiness", "1"))).isNotEmpty();
    assertThat(SysctlFile.procPath("net.ipv4.conf.eth0/1.rp_filter")).isEqualTo("net/ipv4/conf/eth0.1/rp_filter");
  }

  @Test
  void keyWrittenWithSlashesFirstIsTheProcPathItselfAsSysctlDReadsIt() throws Exception {
    proc("net/ipv4/conf/eth0.100/rp_filter", "0\n");
    SysctlResource vlan = SysctlResource.newBuilder().setPath(FILE)
        .putValues("net/ipv4/conf/eth0.100/rp_filter", "1").build();

    Diff diff = diff(vlan);

    assertThat(diff.isConflict()).as(diff.toString()).isFalse();
    assertThat(diff.text()).contains("live net/ipv4/conf/eth0.100/rp_filter: 0 -> 1");
    assertThat(applyAndRediff(vlan).isNone()).isTrue();
  }

  @Test
  void sandboxRootRefusesToTouchTheMachinesKernel() throws Exception {
    SysctlHandler sandbox = new SysctlHandler(new HostRoot(root), runner, new MachineWide(false, "/tmp/h1"));
    SysctlHandler.Observed observed = sandbox.observe(guide());

    org.assertj.core.api.Assertions.assertThatThrownBy(() -> sandbox.apply(guide(), observed, sandbox.diff(guide(), observed)))
        .hasMessageContaining("sysctl changes the whole machine");
    assertThat(runner.commands()).isEmpty();
  }
}
