package dev.steward.common.state;

import dev.steward.agent.v1.Resource;
import dev.steward.agent.v1.ServiceName;
import dev.steward.common.inventory.HostSpec;
import dev.steward.common.inventory.InstallSpec;
import dev.steward.common.inventory.Inventory;
import dev.steward.common.render.ServerPropertiesRenderer;
import java.util.List;

/** The Kafka phase of a broker host: the guide's Step 4 and its service. */
final class KafkaResources {

  private KafkaResources() {
  }

  static List<Resource> of(Inventory inventory, HostSpec host, HostLayout layout) {
    InstallSpec install = inventory.install();
    String configFile = ServiceResources.configFile(install, "server.properties");
    // a broker only depends on a ZooKeeper node of its own host; remote ones are reached over the network
    List<ServiceName> requires = host.runsZooKeeper() ? List.of(ServiceName.SERVICE_NAME_ZOOKEEPER) : List.of();
    return List.of(
        Resources.configFile(configFile, ServerPropertiesRenderer.render(inventory, host, layout), install,
            ServiceName.SERVICE_NAME_KAFKA),
        ServiceResources.running(ServiceName.SERVICE_NAME_KAFKA, inventory, configFile,
            inventory.kafka().heap(), inventory.kafka().jvmOptions(), requires));
  }
}
