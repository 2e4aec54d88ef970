package dev.steward.common.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steward.agent.v1.Resource;
import dev.steward.agent.v1.ServiceName;
import dev.steward.common.inventory.HostSpec;
import dev.steward.common.inventory.Inventory;
import dev.steward.common.inventory.InventoryLoader;
import dev.steward.common.inventory.ValidationOptions;
import dev.steward.common.state.HostLayout;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ServicesTest {

  private static Inventory inventory() throws Exception {
    return new InventoryLoader(ValidationOptions.strict()).parse("""
        cluster: s
        kafka: {version: 3.9.1, config: {offsets.topic.replication.factor: 2, transaction.state.log.replication.factor: 2, default.replication.factor: 2}}
        connect: {hosts: [w], config: {offset.storage.replication.factor: 2, config.storage.replication.factor: 2, status.storage.replication.factor: 2}}
        hosts:
          - {name: a, address: 10.0.0.1, zookeeperId: 1, brokerId: 1}
          - {name: b, address: 10.0.0.2, zookeeperId: 2, brokerId: 2}
          - {name: z, address: 10.0.0.3, zookeeperId: 3}
          - {name: w, address: 10.0.0.5}
        """, null, "s.yaml").inventory();
  }

  @Test
  void startOrderIsZooKeeperThenKafkaThenConnect() {
    assertThat(Services.names()).containsExactly("zookeeper", "kafka", "kafka-connect");
    assertThat(Services.byId(ServiceName.SERVICE_NAME_KAFKA_CONNECT)).isInstanceOf(ConnectService.class);
  }

  @Test
  void aCycleInTheStartOrderIsRefused() {
    ServiceDescriptor kafka = new KafkaService();
    ServiceDescriptor kafkaAfterConnect = new ServiceDescriptor() {
      @Override
      public ServiceName id() {
        return kafka.id();
      }

      @Override
      public List<String> startsAfter() {
        return List.of(ConnectService.NAME);
      }

      @Override
      public List<HostSpec> hosts(Inventory inventory) {
        return kafka.hosts(inventory);
      }

      @Override
      public List<Resource> directories(Inventory inventory) {
        return List.of();
      }

      @Override
      public List<String> dataPaths(Inventory inventory) {
        return List.of();
      }

      @Override
      public List<Resource> resources(Inventory inventory, HostSpec host, HostLayout layout,
          dev.steward.common.state.SecretValues secrets) {
        return List.of();
      }

      @Override
      public List<Listener> listens(Inventory inventory, HostSpec host) {
        return List.of();
      }

      @Override
      public List<Dial> dials() {
        return List.of();
      }
    };
    assertThatThrownBy(() -> Services.startOrder(List.of(new ZooKeeperService(), kafkaAfterConnect,
        new ConnectService()))).hasMessageContaining("cycle");
  }

  @Test
  void eachHostRunsWhatTheInventoryPlacesOnIt() throws Exception {
    Inventory inventory = inventory();
    assertThat(Services.on(inventory, inventory.host("a").orElseThrow())).extracting(ServiceDescriptor::name)
        .containsExactly("zookeeper", "kafka");
    assertThat(Services.on(inventory, inventory.host("z").orElseThrow())).extracting(ServiceDescriptor::name)
        .containsExactly("zookeeper");
    assertThat(Services.on(inventory, inventory.host("w").orElseThrow())).extracting(ServiceDescriptor::name)
        .containsExactly("kafka-connect");
  }

  @Test
  void aWorkerWithoutABrokerOnItsHostRequiresNoLocalService() throws Exception {
    Inventory inventory = inventory();
    Resource service = new ConnectService().resources(inventory, inventory.host("w").orElseThrow(), HostLayout.REAL_HOST,
        dev.steward.common.state.SecretValues.NONE)
        .stream().filter(Resource::hasService).findFirst().orElseThrow();
    assertThat(service.getService().getRequiresList()).isEmpty();
    assertThat(service.getService().getLaunch().getHeapOptionsList()).containsExactly("-Xmx1G", "-Xms1G");
  }

  @Test
  void everyListenerTagIsUniqueOnAHostAndEveryDialNamesAListener() throws Exception {
    Inventory inventory = inventory();
    Set<String> allTags = new HashSet<>();
    for (HostSpec host : inventory.hosts()) {
      Set<String> tags = new HashSet<>();
      for (ServicePorts.Port port : ServicePorts.of(inventory, host)) {
        assertThat(tags.add(port.listener().tag())).as(host.name() + " " + port.listener().tag()).isTrue();
        allTags.add(port.service() + "/" + port.listener().tag());
      }
    }
    for (ServiceDescriptor service : Services.all()) {
      for (Dial dial : service.dials()) {
        assertThat(allTags).as(service.name() + " dials " + dial).contains(dial.service() + "/" + dial.tag());
      }
    }
  }

  @Test
  void theBrokerPortsClientsAreTheOtherBrokersAndTheWorker() throws Exception {
    Inventory inventory = inventory();
    ServicePorts.Port broker = ServicePorts.of(inventory, inventory.host("a").orElseThrow()).stream()
        .filter(p -> p.listener().tag().equals("kafka")).findFirst().orElseThrow();
    assertThat(broker.clients()).extracting(HostSpec::name).containsExactly("b", "w");
    assertThat(ServicePorts.dialed(inventory, inventory.host("z").orElseThrow(), inventory.host("w").orElseThrow()))
        .as("ZooKeeper talks to no Connect worker").isEmpty();
  }
}
