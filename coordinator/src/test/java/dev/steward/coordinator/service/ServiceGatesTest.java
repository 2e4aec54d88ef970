package dev.steward.coordinator.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.common.inventory.Inventory;
import dev.steward.common.inventory.InventoryLoader;
import dev.steward.common.inventory.ValidationOptions;
import dev.steward.common.service.Services;
import dev.steward.coordinator.connect.ConnectClusterSnapshot;
import dev.steward.coordinator.connect.ConnectorStatus;
import dev.steward.coordinator.connect.WorkerState;
import dev.steward.coordinator.deploy.Deployer;
import dev.steward.coordinator.probe.EnsembleSnapshot;
import dev.steward.coordinator.smoke.SmokeTestResult;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ServiceGatesTest {

  private final Map<String, Integer> topics = new HashMap<>();
  private List<WorkerState> workers = List.of();

  private final Deployer.ClusterObserver observer = new Deployer.ClusterObserver() {
    @Override
    public EnsembleSnapshot ensemble() {
      return new EnsembleSnapshot(List.of());
    }

    @Override
    public Set<Integer> registeredBrokers() {
      return Set.of(1, 2);
    }

    @Override
    public ConnectClusterSnapshot connect() {
      return new ConnectClusterSnapshot(workers, Map.<String, ConnectorStatus>of());
    }

    @Override
    public Map<String, Integer> replicationFactors(Collection<String> wanted) {
      Map<String, Integer> found = new HashMap<>(topics);
      found.keySet().retainAll(wanted);
      return found;
    }

    @Override
    public SmokeTestResult smokeTest(int brokerCount, int records) {
      throw new UnsupportedOperationException();
    }
  };

  private static Inventory inventory() throws Exception {
    return new InventoryLoader(ValidationOptions.strict()).parse("""
        cluster: g
        kafka: {version: 3.9.1}
        connect: {hosts: [a, b]}
        hosts:
          - {name: a, address: 10.0.0.1, zookeeperId: 1, brokerId: 1}
          - {name: b, address: 10.0.0.2, zookeeperId: 2, brokerId: 2}
          - {name: c, address: 10.0.0.3, zookeeperId: 3, brokerId: 3}
        """, null, "g.yaml").inventory();
  }

  private static WorkerState up(String host, String clusterId) {
    return new WorkerState(host, "http://" + host + ":8083", true, "3.9.1", clusterId, "");
  }

  @Test
  void everyServiceHasADeployGate() throws Exception {
    Inventory inventory = inventory();
    for (String service : Services.names()) {
      assertThat(ServiceGates.of(service, inventory, observer).goal()).as(service).isNotBlank();
    }
  }

  @Test
  void brokersAreNotReadyUntilEveryInventoryBrokerIsRegistered() throws Exception {
    Readiness readiness = ServiceGates.of("kafka", inventory(), observer).check().get();
    assertThat(readiness.ready()).isFalse();
    assertThat(readiness.detail()).isEqualTo("registered [1, 2] of [1, 2, 3]");
  }

  @Test
  void workersNotReadyWhileOneIsStarting() throws Exception {
    workers = List.of(up("a", "k1"), WorkerState.unhealthy("b", "http://b:8083", "starting: REST API not serving yet"));
    Readiness readiness = ServiceGates.of("kafka-connect", inventory(), observer).check().get();
    assertThat(readiness.ready()).isFalse();
    assertThat(readiness.detail()).contains("b starting");
  }

  @Test
  void workersOfTwoKafkaClustersAreNotOneGroup() throws Exception {
    workers = List.of(up("a", "k1"), up("b", "k2"));
    assertThat(ServiceGates.of("kafka-connect", inventory(), observer).check().get().detail())
        .contains("different Kafka clusters");
  }

  @Test
  void workersNotReadyUntilTheInternalTopicsExist() throws Exception {
    workers = List.of(up("a", "k1"), up("b", "k1"));
    topics.put("connect-offsets", 3);
    Readiness missing = ServiceGates.of("kafka-connect", inventory(), observer).check().get();
    assertThat(missing.ready()).isFalse();
    assertThat(missing.detail()).contains("connect-configs not created yet").contains("connect-status not created yet");

    topics.put("connect-configs", 3);
    topics.put("connect-status", 1);
    Readiness created = ServiceGates.of("kafka-connect", inventory(), observer).check().get();
    assertThat(created.ready()).as("a topic created earlier with another factor cannot be fixed by waiting").isTrue();
    assertThat(created.detail()).contains("WARNING connect-status has replication factor 1, not 3");
  }
}
