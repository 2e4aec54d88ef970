package dev.steward.systemtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The agent's .deb as dpkg sees it: files, modes, the conffile, the maintainer scripts. */
class AgentDebIT {

  private static Path deb;
  private static String contents;
  private static String info;

  @BeforeAll
  static void inspect() throws Exception {
    assumeTrue(new ProcessBuilder("dpkg-deb", "--version").start().waitFor() == 0, "dpkg-deb is not installed");
    deb = find();
    contents = dpkgDeb("-c");
    info = dpkgDeb("-I");
  }

  static Path find() throws IOException {
    Path target = Path.of(System.getProperty("steward.packaging.target", "../packaging/target")).toAbsolutePath().normalize();
    try (Stream<Path> files = Files.list(target)) {
      List<Path> debs = files.filter(p -> p.getFileName().toString().matches("steward-agent_.*_all\\.deb")).toList();
      assertThat(debs).as("exactly one agent .deb in " + target + " (run ./mvnw package)").hasSize(1);
      return debs.get(0);
    }
  }

  private static String dpkgDeb(String option) throws Exception {
    StewardCli.Run run = StewardCli.run(List.of("dpkg-deb", option, deb.toString()), Duration.ofMinutes(1), null);
    assertThat(run.exitCode()).as(run.toString()).isZero();
    return run.stdout();
  }

  /** The "-rwxr-xr-x root/root ... ./path" line of one entry. */
  private static String entry(String path) {
    return contents.lines().filter(line -> line.endsWith(" ." + path) || line.endsWith(" ." + path + "/")).findFirst()
        .orElseThrow(() -> new AssertionError(path + " is not in the package:\n" + contents));
  }

  @Test
  void fileNameCarriesADebianVersionWithoutAMavenSnapshotSuffix() {
    assertThat(deb.getFileName().toString()).doesNotContain("-SNAPSHOT").matches("steward-agent_[0-9][^_]*_all\\.deb");
  }

  @Test
  void controlNamesThePackageArchitectureAllAndOnlyRecommendsJava() {
    assertThat(info).contains(" Package: steward-agent\n").contains(" Architecture: all\n")
        .contains(" Recommends: openjdk-17-jre-headless");
    assertThat(info).doesNotContainPattern("(?m)^ Depends:.*(openjdk|java)");
  }

  @Test
  void launcherUnitAndDocsAreInPlaceWithTheirModes() {
    assertThat(entry("/usr/bin/steward-agent")).startsWith("-rwxr-xr-x root/root");
    assertThat(entry("/usr/share/steward-agent/steward-agent.jvm.options")).startsWith("-rw-r--r-- root/root");
    assertThat(entry("/lib/systemd/system/steward-agent.service")).startsWith("-rw-r--r-- root/root");
    assertThat(entry("/etc/steward/agent.yaml")).startsWith("-rw-r--r-- root/root");
    assertThat(entry("/var/lib/steward")).startsWith("drwx------ root/root");
  }

  @Test
  void agentYamlIsAConffileAndTheMaintainerScriptsAreThere() throws Exception {
    assertThat(dpkgDeb("--info").lines().filter(line -> line.contains("conffiles"))).hasSize(1);
    StewardCli.Run conffiles = StewardCli.run(List.of("dpkg-deb", "-I", deb.toString(), "conffiles"),
        Duration.ofMinutes(1), null);
    assertThat(conffiles.stdout().strip()).isEqualTo("/etc/steward/agent.yaml");
    assertThat(info).containsPattern("\\* +postinst").containsPattern("\\* +prerm");
  }

  @Test
  void libHoldsTheAgentAndItsRuntimeButNothingOfTheCoordinator() {
    for (String jar : List.of("steward-agent-", "steward-common-", "steward-proto-", "grpc-netty-shaded-",
        "oshi-core-", "commons-compress-", "jackson-dataformat-yaml-", "slf4j-simple-", "protobuf-java-util-")) {
      assertThat(contents).as(jar).containsPattern("\\./usr/share/steward-agent/lib/" + jar + "[^/]*\\.jar\n");
    }
    // the agent reads its own command line (AgentCommandLine): picocli stays with the coordinator
    assertThat(contents).doesNotContain("steward-coordinator").doesNotContain("kafka-clients").doesNotContain("picocli");
  }
}
