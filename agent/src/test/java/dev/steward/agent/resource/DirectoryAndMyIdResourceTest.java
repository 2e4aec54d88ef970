package dev.steward.agent.resource;

import static dev.steward.agent.v1.ResourceStatus.RESOURCE_STATUS_CHANGED;
import static dev.steward.agent.v1.ResourceStatus.RESOURCE_STATUS_FAILED;
import static dev.steward.agent.v1.ResourceStatus.RESOURCE_STATUS_UNCHANGED;
import static dev.steward.agent.v1.ResourceStatus.RESOURCE_STATUS_WOULD_CHANGE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.steward.agent.host.Ownership;
import dev.steward.agent.host.PosixModes;
import dev.steward.agent.testing.Resources;
import dev.steward.agent.v1.DirectoryResource;
import dev.steward.agent.v1.FoundMyId;
import dev.steward.agent.v1.Resource;
import dev.steward.agent.v1.ResourceResult;
import dev.steward.agent.v1.ServiceName;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectoryAndMyIdResourceTest {

  @TempDir
  Path temp;
  EngineFixture host;

  @BeforeEach
  void setUp() throws Exception {
    host = new EngineFixture(temp);
  }

  @Test
  void directoryIsCreatedWithParentsAndModeThenUnchanged() throws Exception {
    ResourceResult first = host.applyOne(Resources.directory("/var/lib/kafka/logs", 0750));
    assertThat(first.getStatus()).isEqualTo(RESOURCE_STATUS_CHANGED);
    assertThat(PosixModes.toMode(Files.getPosixFilePermissions(host.real("/var/lib/kafka/logs")))).isEqualTo(0750);
    assertThat(host.applyOne(Resources.directory("/var/lib/kafka/logs", 0750)).getStatus())
        .isEqualTo(RESOURCE_STATUS_UNCHANGED);
  }

  @Test
  void directoryDryRunCreatesNothing() {
    assertThat(host.dryRunOne(Resources.directory("/var/lib/kafka", 0755)).getStatus())
        .isEqualTo(RESOURCE_STATUS_WOULD_CHANGE);
    assertThat(host.real("/var")).doesNotExist();
  }

  @Test
  void directoryModeDriftIsRepaired() throws Exception {
    host.applyOne(Resources.directory("/var/lib/zookeeper", 0755));
    Files.setPosixFilePermissions(host.real("/var/lib/zookeeper"), PosixModes.toPermissions(0777));
    ResourceResult result = host.applyOne(Resources.directory("/var/lib/zookeeper", 0755));
    assertThat(result.getDiff()).isEqualTo("mode 0777 -> 0755");
    assertThat(PosixModes.toMode(Files.getPosixFilePermissions(host.real("/var/lib/zookeeper")))).isEqualTo(0755);
  }

  @Test
  void recursiveOwnershipFindsAndRepairsMisownedEntriesBelow() throws Exception {
    assumeTrue("root".equals(Ownership.currentUser()), "changing owners needs root");
    Path dir = Files.createDirectories(host.real("/var/lib/kafka/logs/topic-0"));
    Files.writeString(dir.resolve("00000.log"), "x");
    Ownership.set(dir.resolve("00000.log"), "nobody", "");
    Resource resource = Resource.newBuilder().setId("directory:/var/lib/kafka").setDirectory(DirectoryResource
        .newBuilder().setPath("/var/lib/kafka").setOwner("root").setGroup("root").setRecursiveOwnership(true)).build();

    ResourceResult plan = host.dryRunOne(resource);
    assertThat(plan.getStatus()).isEqualTo(RESOURCE_STATUS_WOULD_CHANGE);
    assertThat(plan.getDiff()).contains("1 entries below with other ownership").contains("00000.log");

    assertThat(host.applyOne(resource).getStatus()).isEqualTo(RESOURCE_STATUS_CHANGED);
    assertThat(Ownership.read(dir.resolve("00000.log")).owner()).isEqualTo("root");
    assertThat(host.applyOne(resource).getStatus()).isEqualTo(RESOURCE_STATUS_UNCHANGED);
  }

  @Test
  void directoryWithUnknownGroupFails() {
    Resource resource = Resource.newBuilder().setId("d").setDirectory(DirectoryResource.newBuilder()
        .setPath("/var/lib/kafka").setGroup("no-such-group-steward")).build();
    ResourceResult result = host.applyOne(resource);
    assertThat(result.getStatus()).isEqualTo(RESOURCE_STATUS_FAILED);
    assertThat(result.getMessage()).contains("group 'no-such-group-steward' does not exist");
    assertThat(host.real("/var")).doesNotExist();
  }

  @Test
  void myidIsWrittenOnceAsNumberAndNewline() throws Exception {
    host.backend.markRunning(ServiceName.SERVICE_NAME_ZOOKEEPER);
    ResourceResult first = host.applyOne(Resources.myid("/var/lib/zookeeper/myid", 2));
    assertThat(first.getStatus()).isEqualTo(RESOURCE_STATUS_CHANGED);
    assertThat(first.getRestartReasonsList()).singleElement()
        .satisfies(r -> assertThat(r.getService()).isEqualTo(ServiceName.SERVICE_NAME_ZOOKEEPER));
    assertThat(Files.readString(host.real("/var/lib/zookeeper/myid"))).isEqualTo("2\n");
    assertThat(host.applyOne(Resources.myid("/var/lib/zookeeper/myid", 2)).getStatus())
        .isEqualTo(RESOURCE_STATUS_UNCHANGED);
  }

  @Test
  void handWrittenMyidWithoutNewlineAndTheSameIdIsUnchanged() throws Exception {
    Files.createDirectories(host.real("/var/lib/zookeeper"));
    Files.writeString(host.real("/var/lib/zookeeper/myid"), "3");
    assertThat(host.applyOne(Resources.myid("/var/lib/zookeeper/myid", 3)).getStatus())
        .isEqualTo(RESOURCE_STATUS_UNCHANGED);
    assertThat(Files.readString(host.real("/var/lib/zookeeper/myid"))).isEqualTo("3");
  }

  @Test
  void differentExistingMyidFailsAndIsNeverOverwritten() throws Exception {
    Files.createDirectories(host.real("/var/lib/zookeeper"));
    Files.writeString(host.real("/var/lib/zookeeper/myid"), "1\n");

    ResourceResult plan = host.dryRunOne(Resources.myid("/var/lib/zookeeper/myid", 2));
    assertThat(plan.getStatus()).isEqualTo(RESOURCE_STATUS_FAILED);

    ResourceResult result = host.applyOne(Resources.myid("/var/lib/zookeeper/myid", 2));
    assertThat(result.getStatus()).isEqualTo(RESOURCE_STATUS_FAILED);
    assertThat(result.getMessage()).contains("holds id 1 but this host should be 2").contains("never overwritten");
    assertThat(Files.readString(host.real("/var/lib/zookeeper/myid"))).isEqualTo("1\n");
  }

  @Test
  void garbageInMyidIsAConflictToo() throws Exception {
    Files.createDirectories(host.real("/var/lib/zookeeper"));
    Files.writeString(host.real("/var/lib/zookeeper/myid"), "hello\n");
    assertThat(host.applyOne(Resources.myid("/var/lib/zookeeper/myid", 2)).getStatus())
        .isEqualTo(RESOURCE_STATUS_FAILED);
    assertThat(Files.readString(host.real("/var/lib/zookeeper/myid"))).isEqualTo("hello\n");
  }

  @Test
  void everyMyidResultSaysWhatTheAgentFoundInAFieldNotOnlyInItsMessage() throws Exception {
    Resource myid = Resources.myid("/var/lib/zookeeper/myid", 2);

    assertThat(host.dryRunOne(myid).getFoundMyid()).isEqualTo(FoundMyId.newBuilder().setExists(false).build());
    ResourceResult created = host.applyOne(myid);
    assertThat(created.getFoundMyid()).as("as found before the change").isEqualTo(FoundMyId.getDefaultInstance());
    assertThat(host.applyOne(myid).getFoundMyid())
        .isEqualTo(FoundMyId.newBuilder().setExists(true).setHoldsId(true).setId(2).build());

    Files.writeString(host.real("/var/lib/zookeeper/myid"), " 7");
    ResourceResult other = host.dryRunOne(myid);
    assertThat(other.getStatus()).isEqualTo(RESOURCE_STATUS_FAILED);
    assertThat(other.getFoundMyid()).isEqualTo(FoundMyId.newBuilder().setExists(true).setHoldsId(true).setId(7).build());

    Files.writeString(host.real("/var/lib/zookeeper/myid"), "seven\n");
    assertThat(host.dryRunOne(myid).getFoundMyid())
        .isEqualTo(FoundMyId.newBuilder().setExists(true).setHoldsId(false).build());
    assertThat(host.applyOne(Resources.directory("/var/lib/kafka", 0755)).hasFoundMyid())
        .as("other kinds say nothing").isFalse();
  }
}
