package dev.steward.agent.resource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steward.agent.exec.CommandResult;
import dev.steward.agent.host.HostRoot;
import dev.steward.agent.testing.RecordingCommandRunner;
import dev.steward.agent.v1.AptPackageResource;
import dev.steward.agent.v1.JavaRuntimeResource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AptAndJavaTest {

  static final MachineWide MACHINE = new MachineWide(true, "/");

  @TempDir
  Path root;

  RecordingCommandRunner runner = new RecordingCommandRunner();

  @Test
  void installedPackageIsUnchangedAndNothingIsInstalled() throws Exception {
    runner.on(List.of("dpkg-query"), 0, "install ok installed", "");
    AptPackageHandler handler = new AptPackageHandler(new AptInstaller(runner), MACHINE);
    AptPackageResource ufw = AptPackageResource.newBuilder().setName("ufw").build();

    assertThat(handler.diff(ufw, handler.observe(ufw)).isNone()).isTrue();
    assertThat(runner.commands()).containsExactly("dpkg-query -W -f=${Status} ufw");
  }

  @Test
  void unknownOrHalfInstalledPackagesAreNotInstalled() {
    assertThat(AptInstaller.isInstalledStatus(new CommandResult(List.of(), 1, "",
        "dpkg-query: no packages found matching nosuch\n", false))).isFalse();
    assertThat(AptInstaller.isInstalledStatus(new CommandResult(List.of(), 0, "deinstall ok config-files", "", false)))
        .isFalse();
    assertThat(AptInstaller.isInstalledStatus(new CommandResult(List.of(), 0, "install ok half-configured", "", false)))
        .isFalse();
  }

  @Test
  void missingPackageIsInstalledNoninteractivelyAfterOneListRefreshWhenAptDoesNotKnowIt() throws Exception {
    int[] installs = {0};
    boolean[] installed = {false};
    runner.on(List.of("dpkg-query"), argv -> new CommandResult(argv, installed[0] ? 0 : 1,
        installed[0] ? "install ok installed" : "", installed[0] ? "" : "dpkg-query: no packages found matching ufw", false));
    runner.ok("apt-get", "update");
    runner.on(List.of("apt-get", "install"), argv -> {
      installs[0]++;
      if (installs[0] == 1) {
        return new CommandResult(argv, 100, "Reading package lists...\n", "E: Unable to locate package ufw\n", false);
      }
      installed[0] = true;
      return new CommandResult(argv, 0, "Setting up ufw\n", "", false);
    });
    AptPackageHandler handler = new AptPackageHandler(new AptInstaller(runner), MACHINE);
    AptPackageResource ufw = AptPackageResource.newBuilder().setName("ufw").build();
    Boolean observed = handler.observe(ufw);

    handler.apply(ufw, observed, handler.diff(ufw, observed));

    assertThat(runner.commandsStartingWith("apt-get")).containsExactly(
        "apt-get install -y --no-install-recommends ufw", "apt-get update",
        "apt-get install -y --no-install-recommends ufw");
    assertThat(runner.calls.stream().filter(c -> c.command().startsWith("apt-get install")))
        .allSatisfy(c -> assertThat(c.environment()).containsEntry("DEBIAN_FRONTEND", "noninteractive"));
  }

  @Test
  void failedInstallReportsAptsOwnErrorLines() {
    runner.on(List.of("apt-get", "install"), 100, "",
        "E: Could not get lock /var/lib/dpkg/lock-frontend. It is held by process 812 (unattended-upgr)\n");

    assertThatThrownBy(() -> new AptInstaller(runner).install("ufw")).isInstanceOf(ResourceFailure.class)
        .hasMessage("apt-get install ufw failed: E: Could not get lock /var/lib/dpkg/lock-frontend. "
            + "It is held by process 812 (unattended-upgr)");
  }

  @Test
  void invalidPackageNameIsRefusedBeforeDpkgOrAptRuns() {
    AptPackageHandler handler = new AptPackageHandler(new AptInstaller(runner), MACHINE);

    // apt-get would read the trailing '-' as "remove openjdk-17-jre"
    assertThatThrownBy(() -> handler.observe(AptPackageResource.newBuilder().setName("openjdk-17-jre-").build()))
        .isInstanceOf(ResourceFailure.class).hasMessageContaining("apt_package.name").hasMessageContaining("'-'");
    assertThat(runner.commands()).isEmpty();
  }

  private Path fakeJava(String home) throws Exception {
    Path java = root.resolve(home.substring(1)).resolve("bin/java");
    Files.createDirectories(java.getParent());
    Files.writeString(java, "#!/bin/sh\n");
    Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
    return java;
  }

  private void javaVersion(Path java, String version) {
    runner.on(List.of(java.toString(), "-version"), 0, "",
        "openjdk version \"" + version + "\" 2025-04-15\nOpenJDK Runtime Environment\n");
  }

  @Test
  void javaIsFoundUnderUsrLibJvmWhenTheConfiguredOneIsTooOld() throws Exception {
    Path old = fakeJava("/opt/java8");
    Path jdk17 = fakeJava("/usr/lib/jvm/java-17-openjdk-amd64");
    javaVersion(old, "1.8.0_392");
    javaVersion(jdk17, "17.0.15");
    JavaFinder finder = new JavaFinder(new HostRoot(root), old.getParent().getParent(), Map.of(), runner);
    JavaRuntimeHandler handler = new JavaRuntimeHandler(finder, new AptInstaller(runner), MACHINE);
    JavaRuntimeResource need11 = JavaRuntimeResource.newBuilder().setMinFeatureVersion(11).build();

    List<JavaFinder.Found> found = handler.observe(need11);

    assertThat(found).extracting(JavaFinder.Found::feature).containsExactly(8, 17);
    assertThat(handler.diff(need11, found).isNone()).isTrue();
  }

  @Test
  void missingJavaWithAPackageIsInstalledThenFoundAgain() throws Exception {
    Path jdk = root.resolve("usr/lib/jvm/java-17-openjdk-amd64/bin/java");
    runner.on(List.of("apt-get", "install"), argv -> {
      try {
        fakeJava("/usr/lib/jvm/java-17-openjdk-amd64");
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
      return new CommandResult(argv, 0, "", "", false);
    });
    javaVersion(jdk, "17.0.15");
    JavaFinder finder = new JavaFinder(new HostRoot(root), root.resolve("nojava"), Map.of(), runner);
    JavaRuntimeHandler handler = new JavaRuntimeHandler(finder, new AptInstaller(runner), MACHINE);
    JavaRuntimeResource need = JavaRuntimeResource.newBuilder().setMinFeatureVersion(11)
        .setInstallPackage("openjdk-17-jre-headless").build();
    List<JavaFinder.Found> before = handler.observe(need);
    Diff diff = handler.diff(need, before);
    assertThat(diff.text()).isEqualTo("install package openjdk-17-jre-headless (no runnable Java; need Java 11+)");

    String note = handler.apply(need, before, diff);

    assertThat(note).isEqualTo("Java 17.0.15 at " + jdk);
    assertThat(runner.commands()).contains("apt-get install -y --no-install-recommends openjdk-17-jre-headless");
  }

  @Test
  void missingJavaWithoutAPackageIsAConflictNamingTheFix() throws Exception {
    JavaFinder finder = new JavaFinder(new HostRoot(root), root.resolve("nojava"), Map.of(), runner);
    JavaRuntimeHandler handler = new JavaRuntimeHandler(finder, new AptInstaller(runner), MACHINE);
    JavaRuntimeResource need = JavaRuntimeResource.newBuilder().setMinFeatureVersion(11).build();

    assertThat(handler.diff(need, handler.observe(need)).conflict()).contains("no runnable Java")
        .contains("install.javaPackage");
  }

  @Test
  void javaHomeAndPathAreSearchedAfterTheConfiguredHome() throws Exception {
    JavaFinder finder = new JavaFinder(new HostRoot(root), Path.of("/agent/jdk"),
        Map.of("JAVA_HOME", "/opt/jdk21", "PATH", "/usr/local/bin:relative:/usr/bin"), runner);

    assertThat(finder.candidates()).containsExactly(Path.of("/agent/jdk/bin/java"), Path.of("/opt/jdk21/bin/java"),
        Path.of("/usr/local/bin/java"), Path.of("/usr/bin/java"));
  }
}
