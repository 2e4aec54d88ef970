package dev.steward.agent.resource;

import static dev.steward.agent.v1.ResourceStatus.RESOURCE_STATUS_CHANGED;
import static dev.steward.agent.v1.ResourceStatus.RESOURCE_STATUS_FAILED;
import static dev.steward.agent.v1.ResourceStatus.RESOURCE_STATUS_UNCHANGED;
import static dev.steward.agent.v1.ResourceStatus.RESOURCE_STATUS_WOULD_CHANGE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.agent.host.PosixModes;
import dev.steward.agent.testing.Resources;
import dev.steward.agent.v1.FileResource;
import dev.steward.agent.v1.Resource;
import dev.steward.agent.v1.ResourceResult;
import dev.steward.agent.v1.RestartReasonKind;
import dev.steward.agent.v1.ServiceName;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileResourceTest {

  static final String PATH = "/opt/kafka/config/server.properties";

  @TempDir
  Path temp;
  EngineFixture host;

  @BeforeEach
  void setUp() throws Exception {
    host = new EngineFixture(temp);
  }

  @Test
  void createsTheFileWithContentAndModeThenASecondApplyIsUnchanged() throws Exception {
    ResourceResult first = host.applyOne(Resources.file(PATH, "broker.id=1\n", 0640, false));
    assertThat(first.getStatus()).isEqualTo(RESOURCE_STATUS_CHANGED);
    assertThat(first.getDiff()).contains("create " + PATH).contains("+broker.id=1");
    Path real = host.real(PATH);
    assertThat(real).hasContent("broker.id=1");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(real))).isEqualTo("rw-r-----");

    ResourceResult second = host.applyOne(Resources.file(PATH, "broker.id=1\n", 0640, false));
    assertThat(second.getStatus()).isEqualTo(RESOURCE_STATUS_UNCHANGED);
    assertThat(second.getDiff()).isEmpty();
  }

  @Test
  void dryRunReportsWouldChangeAndTouchesNothing() {
    ResourceResult result = host.dryRunOne(Resources.file(PATH, "broker.id=1\n"));
    assertThat(result.getStatus()).isEqualTo(RESOURCE_STATUS_WOULD_CHANGE);
    assertThat(result.getDiff()).contains("+broker.id=1");
    assertThat(host.real(PATH)).doesNotExist();
    assertThat(host.real("/opt")).doesNotExist();
  }

  @Test
  void handEditedContentIsDetectedAsALineDiffAndRepaired() throws Exception {
    host.applyOne(Resources.file(PATH, "a=1\nb=2\nc=3\n"));
    Files.writeString(host.real(PATH), "a=1\nb=22\nc=3\n");

    ResourceResult plan = host.dryRunOne(Resources.file(PATH, "a=1\nb=2\nc=3\n"));
    assertThat(plan.getStatus()).isEqualTo(RESOURCE_STATUS_WOULD_CHANGE);
    assertThat(plan.getDiff()).contains("-b=22\n+b=2");
    assertThat(host.real(PATH)).hasContent("a=1\nb=22\nc=3");

    assertThat(host.applyOne(Resources.file(PATH, "a=1\nb=2\nc=3\n")).getStatus()).isEqualTo(RESOURCE_STATUS_CHANGED);
    assertThat(host.real(PATH)).hasContent("a=1\nb=2\nc=3");
  }

  @Test
  void modeDriftIsDetectedAndRepairedWithoutRewritingOrNotifying() throws Exception {
    host.backend.markRunning(ServiceName.SERVICE_NAME_KAFKA);
    host.applyOne(Resources.file(PATH, "x=1\n", 0644, false, ServiceName.SERVICE_NAME_KAFKA));
    host.pending.clear(ServiceName.SERVICE_NAME_KAFKA);
    Files.setPosixFilePermissions(host.real(PATH), PosixModes.toPermissions(0666));

    ResourceResult result = host.applyOne(Resources.file(PATH, "x=1\n", 0644, false, ServiceName.SERVICE_NAME_KAFKA));
    assertThat(result.getStatus()).isEqualTo(RESOURCE_STATUS_CHANGED);
    assertThat(result.getDiff()).isEqualTo("mode 0666 -> 0644");
    assertThat(result.getRestartReasonsList()).isEmpty();
    assertThat(PosixModes.toMode(Files.getPosixFilePermissions(host.real(PATH)))).isEqualTo(0644);
  }

  @Test
  void secretContentNeverAppearsInTheDiffNotEvenAsADigest() throws Exception {
    String hunter2Digest = dev.steward.agent.resource.Digests.shortSha256("hunter2\n".getBytes(
        java.nio.charset.StandardCharsets.UTF_8));
    ResourceResult created = host.applyOne(Resources.file("/etc/connect/db.password", "hunter2\n", 0600, true));
    assertThat(created.getDiff()).doesNotContain("hunter2").doesNotContain(hunter2Digest)
        .contains("content (secret) set");

    ResourceResult changed = host.dryRunOne(Resources.file("/etc/connect/db.password", "correct horse\n", 0600, true));
    assertThat(changed.getDiff()).doesNotContain("hunter2").doesNotContain("correct horse")
        .doesNotContain(hunter2Digest).contains("content (secret) changed").doesNotContainPattern("[0-9a-f]{12}");
  }

  @Test
  void secretWithoutAModeIsCreatedReadableOnlyByItsOwner() throws Exception {
    host.applyOne(Resources.file("/etc/connect/db.password", "hunter2\n", 0, true));
    assertThat(PosixModes.toMode(Files.getPosixFilePermissions(host.real("/etc/connect/db.password")))).isEqualTo(0600);
  }

  @Test
  void binaryContentIsSummarizedByDigest() {
    Resource binary = Resources.file(PATH, "a\u0000b");
    assertThat(host.dryRunOne(binary).getDiff()).contains("sha256").doesNotContain("+a");
  }

  @Test
  void contentChangeNotifiesOnlyRunningServicesAndIsRememberedAsPending() throws Exception {
    host.applyOne(Resources.file(PATH, "v=1\n", ServiceName.SERVICE_NAME_KAFKA, ServiceName.SERVICE_NAME_ZOOKEEPER));
    assertThat(host.pending.all()).isEmpty();

    host.backend.markRunning(ServiceName.SERVICE_NAME_KAFKA);
    ResourceResult result = host.applyOne(Resources.file(PATH, "v=2\n", ServiceName.SERVICE_NAME_KAFKA,
        ServiceName.SERVICE_NAME_ZOOKEEPER));
    assertThat(result.getRestartReasonsList()).singleElement().satisfies(reason -> {
      assertThat(reason.getService()).isEqualTo(ServiceName.SERVICE_NAME_KAFKA);
      assertThat(reason.getKind()).isEqualTo(RestartReasonKind.RESTART_REASON_KIND_CONFIG_CHANGED);
      assertThat(reason.getDetail()).isEqualTo("file:" + PATH);
    });
    assertThat(host.pending.of(ServiceName.SERVICE_NAME_KAFKA)).hasSize(1);
    assertThat(host.lastSummary.getPendingRestartsList()).hasSize(1);
  }

  @Test
  void unknownOwnerFailsWithAClearMessageAndWritesNothing() {
    Resource resource = Resource.newBuilder().setId("file:x").setFile(FileResource.newBuilder()
        .setPath(PATH).setOwner("no-such-user-steward")).build();
    ResourceResult result = host.applyOne(resource);
    assertThat(result.getStatus()).isEqualTo(RESOURCE_STATUS_FAILED);
    assertThat(result.getMessage()).contains("user 'no-such-user-steward' does not exist");
    assertThat(host.real(PATH)).doesNotExist();
  }

  @Test
  void pathThroughASymlinkOutsideTheRootFails() throws Exception {
    Path outside = Files.createDirectories(temp.resolve("outside"));
    Files.createDirectories(host.real("/opt"));
    Files.createSymbolicLink(host.real("/opt/kafka"), outside);
    ResourceResult result = host.applyOne(Resources.file(PATH, "x\n"));
    assertThat(result.getStatus()).isEqualTo(RESOURCE_STATUS_FAILED);
    assertThat(result.getMessage()).contains("outside the host root");
    assertThat(outside).isEmptyDirectory();
  }

  @Test
  void aDirectoryInTheWayIsAConflict() throws Exception {
    Files.createDirectories(host.real(PATH));
    ResourceResult result = host.applyOne(Resources.file(PATH, "x\n"));
    assertThat(result.getStatus()).isEqualTo(RESOURCE_STATUS_FAILED);
    assertThat(result.getMessage()).contains("not a regular file");
  }

  @Test
  void writeLeavesNoTempFilesBehind() throws Exception {
    host.applyOne(Resources.file(PATH, "a\n"));
    host.applyOne(Resources.file(PATH, "b\n"));
    try (var entries = Files.list(host.real("/opt/kafka/config"))) {
      assertThat(entries.map(p -> p.getFileName().toString())).containsExactly("server.properties");
    }
  }
}
