package dev.steward.agent.resource;

import static dev.steward.agent.v1.ResourceStatus.RESOURCE_STATUS_CHANGED;
import static dev.steward.agent.v1.ResourceStatus.RESOURCE_STATUS_FAILED;
import static dev.steward.agent.v1.ResourceStatus.RESOURCE_STATUS_UNCHANGED;
import static dev.steward.agent.v1.ResourceStatus.RESOURCE_STATUS_WOULD_CHANGE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.agent.testing.Resources;
import dev.steward.agent.testing.Tgz;
import dev.steward.agent.v1.ResourceResult;
import dev.steward.agent.v1.RestartReasonKind;
import dev.steward.agent.v1.ServiceName;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArchiveResourceTest {

  static final String V391 = "kafka_2.13-3.9.1";
  static final String V381 = "kafka_2.13-3.8.1";

  @TempDir
  Path temp;
  EngineFixture host;

  @BeforeEach
  void setUp() throws Exception {
    host = new EngineFixture(temp);
  }

  @Test
  void unpacksStrippingTheTopDirectoryKeepsExecBitsAndLinksThenIsUnchanged() throws Exception {
    String sha = host.store(Tgz.distribution(V391, "3.9.1"), V391 + ".tgz");

    ResourceResult first = host.applyOne(Resources.archive(V391, sha));
    assertThat(first.getStatus()).isEqualTo(RESOURCE_STATUS_CHANGED);
    assertThat(first.getDiff()).contains("unpack " + V391).contains("link /opt/kafka -> " + V391);
    Path version = host.real("/opt/" + V391);
    assertThat(version.resolve("config/server.properties")).hasContent("broker.id=0");
    assertThat(Files.isExecutable(version.resolve("bin/kafka-server-start.sh"))).isTrue();
    assertThat(Files.readSymbolicLink(host.real("/opt/kafka"))).isEqualTo(Path.of(V391));
    assertThat(host.real("/opt/kafka/libs/kafka_2.13-3.9.1.jar")).exists();

    assertThat(host.applyOne(Resources.archive(V391, sha)).getStatus()).isEqualTo(RESOURCE_STATUS_UNCHANGED);
  }

  @Test
  void dryRunUnpacksNothing() throws Exception {
    String sha = host.store(Tgz.distribution(V391, "3.9.1"), V391 + ".tgz");
    assertThat(host.dryRunOne(Resources.archive(V391, sha)).getStatus()).isEqualTo(RESOURCE_STATUS_WOULD_CHANGE);
    assertThat(host.real("/opt")).doesNotExist();
  }

  @Test
  void missingArtifactIsAChangeToPlanButFailsToApplyAskingForAPush() {
    String sha = "ab".repeat(64);
    ResourceResult planned = host.dryRunOne(Resources.archive(V391, sha));
    assertThat(planned.getStatus()).isEqualTo(RESOURCE_STATUS_WOULD_CHANGE);
    assertThat(planned.getDiff()).contains("once the coordinator has pushed it");
  }

  @Test
  void missingArtifactFailsAskingForAPush() {
    String sha = "ab".repeat(64);
    ResourceResult result = host.applyOne(Resources.archive(V391, sha));
    assertThat(result.getStatus()).isEqualTo(RESOURCE_STATUS_FAILED);
    assertThat(result.getMessage()).contains("push the artifact first");
  }

  @Test
  void switchingVersionsKeepsTheOldOneAndGivesRunningServicesABinariesReason() throws Exception {
    String old = host.store(Tgz.distribution(V381, "3.8.1"), V381 + ".tgz");
    String next = host.store(Tgz.distribution(V391, "3.9.1"), V391 + ".tgz");
    host.applyOne(Resources.archive(V381, old, ServiceName.SERVICE_NAME_KAFKA));
    host.backend.markRunning(ServiceName.SERVICE_NAME_KAFKA);

    ResourceResult upgrade = host.applyOne(Resources.archive(V391, next, ServiceName.SERVICE_NAME_KAFKA));
    assertThat(upgrade.getStatus()).isEqualTo(RESOURCE_STATUS_CHANGED);
    assertThat(upgrade.getDiff()).contains("(was -> " + V381 + ")");
    assertThat(upgrade.getRestartReasonsList()).singleElement()
        .satisfies(r -> assertThat(r.getKind()).isEqualTo(RestartReasonKind.RESTART_REASON_KIND_BINARIES_CHANGED));
    assertThat(Files.readSymbolicLink(host.real("/opt/kafka"))).isEqualTo(Path.of(V391));
    assertThat(host.real("/opt/" + V381 + "/libs/kafka_2.13-3.8.1.jar")).exists();

    // rollback: the old version is there, only the link moves
    ResourceResult rollback = host.applyOne(Resources.archive(V381, old, ServiceName.SERVICE_NAME_KAFKA));
    assertThat(rollback.getDiff()).doesNotContain("unpack").contains("link /opt/kafka -> " + V381);
    assertThat(Files.readSymbolicLink(host.real("/opt/kafka"))).isEqualTo(Path.of(V381));
  }

  @Test
  void anExistingVersionDirectoryIsNotUnpackedAgain() throws Exception {
    String sha = host.store(Tgz.distribution(V391, "3.9.1"), V391 + ".tgz");
    host.applyOne(Resources.archive(V391, sha));
    Files.writeString(host.real("/opt/" + V391 + "/config/server.properties"), "edited by config resource\n");
    Files.delete(host.real("/opt/kafka"));

    ResourceResult result = host.applyOne(Resources.archive(V391, sha));
    assertThat(result.getDiff()).doesNotContain("unpack");
    assertThat(host.real("/opt/kafka/config/server.properties")).hasContent("edited by config resource");
  }

  @Test
  void linkThatIsARealDirectoryIsAConflict() throws Exception {
    String sha = host.store(Tgz.distribution(V391, "3.9.1"), V391 + ".tgz");
    Files.createDirectories(host.real("/opt/kafka"));
    ResourceResult result = host.applyOne(Resources.archive(V391, sha));
    assertThat(result.getStatus()).isEqualTo(RESOURCE_STATUS_FAILED);
    assertThat(result.getMessage()).contains("not a symbolic link");
  }

  @Test
  void archiveWithDotDotEntryIsRejectedAndLeavesNothing() throws Exception {
    byte[] evil = new Tgz().dir(V391).file(V391 + "/../../../escaped", "pwned").build();
    assertRejected(evil, "climbs out");
    assertThat(temp.resolve("escaped")).doesNotExist();
  }

  @Test
  void archiveWithAbsoluteEntryIsRejected() throws Exception {
    byte[] evil = new Tgz().absoluteFile(temp.resolve("absolute-escape").toString(), "pwned").build();
    assertRejected(evil, "absolute path");
    assertThat(temp.resolve("absolute-escape")).doesNotExist();
  }

  @Test
  void archiveWithSymlinkEscapingTheDistributionIsRejected() throws Exception {
    byte[] evil = new Tgz().dir(V391).symlink(V391 + "/libs", "../../..").build();
    assertRejected(evil, "points outside");
  }

  @Test
  void archiveWritingThroughItsOwnSymlinkIsRejected() throws Exception {
    Path outside = Files.createDirectories(temp.resolve("outside"));
    byte[] evil = new Tgz().dir(V391).symlink(V391 + "/out", outside.toString())
        .file(V391 + "/out/pwned", "x").build();
    assertRejected(evil, "");
    assertThat(outside).isEmptyDirectory();
  }

  @Test
  void archiveWhoseSymlinkClimbsThroughAnotherSymlinkIsRejected() throws Exception {
    // "here" -> "." is harmless alone; "x" -> "here/.." then climbs out of the distribution for real.
    byte[] evil = new Tgz().dir(V391).symlink(V391 + "/here", ".").symlink(V391 + "/x", "here/..").build();
    assertRejected(evil, "passes through another symlink");
  }

  @Test
  void archiveThatUnpacksToFarMoreThanTheLimitIsRejectedAndLeavesNothing() throws Exception {
    EngineFixture small = new EngineFixture(temp.resolve("small"), 4096);
    byte[] bomb = new Tgz().dir(V391).file(V391 + "/zeros", "\0".repeat(64 * 1024)).build();
    assertThat(bomb.length).as("it compresses well").isLessThan(4096);
    String sha = small.store(bomb, V391 + ".tgz");
    ResourceResult result = small.applyOne(Resources.archive(V391, sha));
    assertThat(result.getStatus()).isEqualTo(RESOURCE_STATUS_FAILED);
    assertThat(result.getMessage()).contains("rejected, nothing installed").contains("unpacks to more than 32768 bytes");
    assertThat(small.real("/opt/" + V391)).doesNotExist();
    assertThat(small.real("/opt/kafka")).doesNotExist();
    try (Stream<Path> left = Files.list(small.real("/opt"))) {
      assertThat(left).as("no temp unpack directory is left").isEmpty();
    }
  }

  @Test
  void harmlessInternalSymlinkIsKept() throws Exception {
    byte[] tgz = new Tgz().dir(V391).dir(V391 + "/libs").file(V391 + "/libs/a.jar", "a")
        .symlink(V391 + "/lib", "libs").build();
    String sha = host.store(tgz, V391 + ".tgz");
    assertThat(host.applyOne(Resources.archive(V391, sha)).getStatus()).isEqualTo(RESOURCE_STATUS_CHANGED);
    assertThat(host.real("/opt/kafka/lib/a.jar")).hasContent("a");
  }

  private void assertRejected(byte[] tgz, String why) throws Exception {
    String sha = host.store(tgz, V391 + ".tgz");
    ResourceResult result = host.applyOne(Resources.archive(V391, sha));
    assertThat(result.getStatus()).isEqualTo(RESOURCE_STATUS_FAILED);
    assertThat(result.getMessage()).contains("rejected, nothing installed").contains(why);
    assertThat(host.real("/opt/" + V391)).doesNotExist();
    assertThat(host.real("/opt/kafka")).doesNotExist();
    try (Stream<Path> left = Files.list(host.real("/opt"))) {
      assertThat(left).as("no temp unpack directory is left").isEmpty();
    }
  }
}
