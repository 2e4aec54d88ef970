package dev.steward.common.service;

import dev.steward.agent.v1.Resource;
import dev.steward.agent.v1.ServiceName;
import dev.steward.common.inventory.HostSpec;
import dev.steward.common.inventory.InstallSpec;
import dev.steward.common.inventory.Inventory;
import dev.steward.common.render.ServerPropertiesRenderer;
import dev.steward.common.state.HostLayout;
import dev.steward.common.state.SecretValues;
import dev.steward.common.state.Resources;
import dev.steward.common.state.ServiceResources;
import java.util.List;

/** The brokers: the guide's Step 4 on every host with a brokerId, once ZooKeeper has quorum. */
public final class KafkaService implements ServiceDescriptor {

  public static final String NAME = "kafka";

  @Override
  public ServiceName id() {
    return ServiceName.SERVICE_NAME_KAFKA;
  }

  @Override
  public List<String> startsAfter() {
    return List.of(ZooKeeperService.NAME);
  }

  @Override
  public List<HostSpec> hosts(Inventory inventory) {
    return inventory.brokerHosts();
  }

  @Override
  public List<Resource> directories(Inventory inventory) {
    return inventory.kafka().dataDirs().stream()
        .map(dir -> Resources.ownedDirectory(dir, Resources.DATA_DIRECTORY_MODE, inventory.install())).toList();
  }

  @Override
  public List<String> dataPaths(Inventory inventory) {
    return inventory.kafka().dataDirs();
  }

  @Override
  public List<Resource> resources(Inventory inventory, HostSpec host, HostLayout layout, SecretValues secrets) {
    InstallSpec install = inventory.install();
    String configFile = ServiceResources.configFile(install, "server.properties");
    // a broker only depends on a ZooKeeper node of its own host; remote ones are reached over the network
    List<ServiceName> requires = host.runsZooKeeper() ? List.of(ServiceName.SERVICE_NAME_ZOOKEEPER) : List.of();
    return List.of(
        Resources.configFile(configFile, ServerPropertiesRenderer.render(inventory, host, layout), install, id()),
        ServiceResources.running(id(), inventory, configFile, inventory.kafka().heap(), inventory.kafka().jvmOptions(),
            requires));
  }

  @Override
  public List<Listener> listens(Inventory inventory, HostSpec host) {
    List<String> clients = inventory.kafka().clientNetworks();
    return List.of(new Listener("kafka", "kafka.port", host.address(), inventory.kafka().port(), clients, true,
        clients.isEmpty()));
  }

  @Override
  public List<Dial> dials() {
    return List.of(new Dial(ZooKeeperService.NAME, "zk-client"), new Dial(NAME, "kafka"));
  }
}
