package dev.steward.agent.resource;

import static dev.steward.agent.v1.ResourceStatus.RESOURCE_STATUS_CHANGED;
import static dev.steward.agent.v1.ResourceStatus.RESOURCE_STATUS_UNCHANGED;
import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.agent.testing.Resources;
import dev.steward.agent.v1.Resource;
import dev.steward.agent.v1.ResourceResult;
import dev.steward.agent.v1.ServiceName;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files a service takes over once it runs: ZooKeeper's dynamic membership file (written once) and
 * its static file under dynamic reconfiguration (ZooKeeper rewrites the membership keys). The
 * real rewrite by ZooKeeper 3.8 is in the coordinator's RenderedEnsembleConfigTest; the content
 * below has its shape: ZooKeeper's key order, no server lines, a versioned pointer.
 */
class ServiceOwnedFilesTest {

  static final String STATIC = "/opt/kafka/config/zookeeper.properties";
  static final String DYNAMIC = "/opt/kafka/config/zookeeper.properties.dynamic";
  static final String RENDERED = "dataDir=/var/lib/zookeeper\nclientPort=2181\ninitLimit=10\n"
      + "reconfigEnabled=true\nstandaloneEnabled=false\ndynamicConfigFile=" + DYNAMIC + "\n"
      + "4lw.commands.whitelist=srvr,mntr,conf\n";
  static final String REWRITTEN_BY_ZOOKEEPER = "initLimit=10\n4lw.commands.whitelist=srvr,mntr,conf\n"
      + "standaloneEnabled=false\nreconfigEnabled=true\ndataDir=/var/lib/zookeeper\n"
      + "dynamicConfigFile=" + DYNAMIC + ".100000004\n";

  @TempDir
  Path temp;
  EngineFixture host;

  @BeforeEach
  void setUp() throws Exception {
    host = new EngineFixture(temp);
  }

  @Test
  void aCreateOnlyFileIsWrittenOnceAndNeverRepaired() throws Exception {
    assertThat(host.applyOne(createOnly(DYNAMIC, "server.1=a:2888:3888:participant\n")).getStatus())
        .isEqualTo(RESOURCE_STATUS_CHANGED);
    Files.writeString(host.real(DYNAMIC), "server.1=a:2888:3888:participant\nserver.4=d:2888:3888:participant\n");

    ResourceResult again = host.applyOne(createOnly(DYNAMIC, "server.1=a:2888:3888:participant\n"));

    assertThat(again.getStatus()).isEqualTo(RESOURCE_STATUS_UNCHANGED);
    assertThat(host.real(DYNAMIC)).content().contains("server.4=d");
  }

  @Test
  void zooKeepersRewriteOfItsMembershipKeysIsNoChangeAndRestartsNothing() throws Exception {
    host.backend.markRunning(ServiceName.SERVICE_NAME_ZOOKEEPER);
    host.applyOne(staticConfig(RENDERED));
    host.pending.clear(ServiceName.SERVICE_NAME_ZOOKEEPER);
    Files.writeString(host.real(STATIC), REWRITTEN_BY_ZOOKEEPER);

    ResourceResult again = host.applyOne(staticConfig(RENDERED));

    assertThat(again.getStatus()).isEqualTo(RESOURCE_STATUS_UNCHANGED);
    assertThat(host.real(STATIC)).hasContent(REWRITTEN_BY_ZOOKEEPER.stripTrailing());
    assertThat(host.pending.all()).isEmpty();
  }

  @Test
  void aRealChangeKeepsZooKeepersPointerToItsNewestMembershipAndAsksForARestart() throws Exception {
    host.backend.markRunning(ServiceName.SERVICE_NAME_ZOOKEEPER);
    host.applyOne(staticConfig(RENDERED));
    host.pending.clear(ServiceName.SERVICE_NAME_ZOOKEEPER);
    Files.writeString(host.real(STATIC), REWRITTEN_BY_ZOOKEEPER + "server.9=stale:1:2\n");

    ResourceResult result = host.applyOne(staticConfig(RENDERED.replace("initLimit=10", "initLimit=20")));

    assertThat(result.getStatus()).isEqualTo(RESOURCE_STATUS_CHANGED);
    assertThat(result.getDiff()).contains("initLimit: 10 -> 20").doesNotContain("dynamicConfigFile");
    String written = Files.readString(host.real(STATIC));
    assertThat(written).contains("initLimit=20", "dynamicConfigFile=" + DYNAMIC + ".100000004", "server.9=stale:1:2")
        .doesNotContain("dynamicConfigFile=" + DYNAMIC + "\n");
    assertThat(host.pending.of(ServiceName.SERVICE_NAME_ZOOKEEPER)).hasSize(1);
  }

  @Test
  void aStaticFileZooKeeperHasNotTakenOverIsComparedAndWrittenWhole() throws Exception {
    // the guide's static file, before the enabling restart: Steward's rendering replaces it
    String guide = "dataDir=/var/lib/zookeeper\nclientPort=2181\nserver.1=a:2888:3888\n";
    Files.createDirectories(host.real(STATIC).getParent());
    Files.writeString(host.real(STATIC), guide);

    ResourceResult result = host.applyOne(staticConfig(RENDERED));

    assertThat(result.getStatus()).isEqualTo(RESOURCE_STATUS_CHANGED);
    assertThat(result.getDiff()).contains("-server.1=a:2888:3888").contains("+reconfigEnabled=true");
    assertThat(host.real(STATIC)).hasContent(RENDERED.stripTrailing());
  }

  private static Resource createOnly(String path, String content) {
    Resource resource = Resources.file(path, content, ServiceName.SERVICE_NAME_ZOOKEEPER);
    return resource.toBuilder().setFile(resource.getFile().toBuilder().setCreateOnly(true)).build();
  }

  private static Resource staticConfig(String content) {
    Resource resource = Resources.file(STATIC, content, ServiceName.SERVICE_NAME_ZOOKEEPER);
    return resource.toBuilder().setFile(resource.getFile().toBuilder().setZookeeperStaticConfig(true)).build();
  }
}
