package dev.steward.common.state;

import dev.steward.agent.v1.MyIdResource;
import dev.steward.agent.v1.Resource;
import dev.steward.agent.v1.ServiceName;
import dev.steward.common.inventory.HostSpec;
import dev.steward.common.inventory.InstallSpec;
import dev.steward.common.inventory.Inventory;
import dev.steward.common.inventory.ZooKeeperSpec;
import dev.steward.common.render.ZooKeeperPropertiesRenderer;
import java.util.List;

/** The ZooKeeper phase of a host in the ensemble: the guide's Step 3 and its service. */
final class ZooKeeperResources {

  private ZooKeeperResources() {
  }

  static List<Resource> of(Inventory inventory, HostSpec host, HostLayout layout) {
    InstallSpec install = inventory.install();
    ZooKeeperSpec zk = inventory.zookeeper();
    String configFile = ServiceResources.configFile(install, "zookeeper.properties");
    String myIdPath = zk.dataDir() + "/myid";
    return List.of(
        Resources.configFile(configFile, ZooKeeperPropertiesRenderer.render(inventory, host, layout), install,
            ServiceName.SERVICE_NAME_ZOOKEEPER),
        Resource.newBuilder().setId(ResourceIds.MYID)
            .addNotifies(ServiceName.SERVICE_NAME_ZOOKEEPER)
            .setMyid(MyIdResource.newBuilder()
                .setPath(myIdPath)
                .setId(host.zookeeperId().getAsInt())
                .setOwner(install.user())
                .setGroup(install.group()))
            .build(),
        ServiceResources.running(ServiceName.SERVICE_NAME_ZOOKEEPER, inventory, configFile, zk.heap(),
            zk.jvmOptions(), List.of()));
  }
}
