package dev.steward.common.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.agent.v1.Resource;
import dev.steward.common.inventory.Inventory;
import dev.steward.common.inventory.InventoryLoader;
import dev.steward.common.inventory.ValidationOptions;
import dev.steward.common.state.HostLayout;
import dev.steward.common.state.SecretValues;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a ZooKeeper node is made of, with and without dynamic membership. */
class ZooKeeperServiceTest {

  private static final String DIGEST_OPTION = "-Dzookeeper.DigestAuthenticationProvider.superDigest=steward:abc=";

  private static Inventory inventory(String zookeeper) throws Exception {
    return new InventoryLoader(ValidationOptions.strict()).parse("""
        cluster: s
        kafka: {version: 3.9.1}
        zookeeper: {%s}
        hosts:
          - {name: a, address: 10.0.0.1, zookeeperId: 1, brokerId: 1}
          - {name: b, address: 10.0.0.2, zookeeperId: 2, brokerId: 2}
          - {name: c, address: 10.0.0.3, zookeeperId: 3, brokerId: 3}
        """.formatted(zookeeper), null, "s.yaml").inventory();
  }

  private static List<Resource> resources(Inventory inventory) {
    return new ZooKeeperService().resources(inventory, inventory.hosts().get(0), HostLayout.REAL_HOST,
        new SecretValues(java.util.Map.of(ZooKeeperService.SUPERUSER_DIGEST, DIGEST_OPTION)));
  }

  @Test
  void dynamicMembershipAddsAFileWrittenOnceTheStaticFilesRulesAndTheSuperuserDigest() throws Exception {
    List<Resource> resources = resources(inventory("dynamicMembership: true"));

    Resource config = file(resources, "/opt/kafka/config/zookeeper.properties");
    Resource members = file(resources, "/opt/kafka/config/zookeeper.properties.dynamic");
    assertThat(config.getFile().getZookeeperStaticConfig()).isTrue();
    assertThat(members.getFile().getCreateOnly()).isTrue();
    assertThat(members.getFile().getContent().toStringUtf8()).contains("server.3=10.0.0.3:2888:3888:participant");
    assertThat(members.getNotifiesList()).containsExactly(dev.steward.agent.v1.ServiceName.SERVICE_NAME_ZOOKEEPER);
    assertThat(launchOptions(resources)).contains(DIGEST_OPTION);
  }

  @Test
  void aStaticEnsembleHasOneWholeFileAndNoSuperuser() throws Exception {
    List<Resource> resources = resources(inventory(""));

    assertThat(file(resources, "/opt/kafka/config/zookeeper.properties").getFile().getZookeeperStaticConfig()).isFalse();
    assertThat(resources.stream().filter(Resource::hasFile)).hasSize(1);
    assertThat(launchOptions(resources)).noneMatch(option -> option.contains("superDigest"));
  }

  private static Resource file(List<Resource> resources, String path) {
    return resources.stream().filter(r -> r.hasFile() && r.getFile().getPath().equals(path)).findFirst().orElseThrow();
  }

  private static List<String> launchOptions(List<Resource> resources) {
    return resources.stream().filter(Resource::hasService).findFirst().orElseThrow().getService().getLaunch()
        .getJvmOptionsList();
  }
}
