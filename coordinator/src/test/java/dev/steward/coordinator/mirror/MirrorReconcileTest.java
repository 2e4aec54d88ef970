package dev.steward.coordinator.mirror;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.common.inventory.ConnectorSpec;
import dev.steward.common.inventory.Inventory;
import dev.steward.common.inventory.InventoryLoader;
import dev.steward.common.inventory.ValidationOptions;
import dev.steward.coordinator.connect.ConnectorReconciler;
import dev.steward.coordinator.connect.ConnectorReconciler.Action;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A mirror's connectors go through the same reconciler as declared ones: created once, then left alone. */
class MirrorReconcileTest {

  private static Inventory inventory(String state) throws Exception {
    return new InventoryLoader(ValidationOptions.strict()).parse("""
        cluster: target
        kafka: {version: 3.9.1}
        connect: {hosts: [a]}
        mirrors:
          - name: east
            source: {bootstrapServers: [10.1.0.1:9092]}
            topics: [orders]
            groups: [billing]
            state: %s
        hosts:
          - {name: a, address: 10.0.0.1, zookeeperId: 1, brokerId: 1}
          - {name: b, address: 10.0.0.2, zookeeperId: 2, brokerId: 2}
          - {name: c, address: 10.0.0.3, zookeeperId: 3, brokerId: 3}
        """.formatted(state), null, "t.yaml").inventory();
  }

  private static ConnectorReconciler reconciler(Inventory inventory) {
    return new ConnectorReconciler(inventory, name -> "/secrets/" + name);
  }

  @Test
  void aNewMirrorCreatesItsThreeConnectors() throws Exception {
    assertThat(reconciler(inventory("running")).decide(Map.of(), Map.of(), false))
        .extracting(ConnectorReconciler.Change::connector, ConnectorReconciler.Change::action)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("east-mirror-source", Action.CREATE),
            org.assertj.core.groups.Tuple.tuple("east-mirror-checkpoint", Action.CREATE),
            org.assertj.core.groups.Tuple.tuple("east-mirror-heartbeat", Action.CREATE));
  }

  @Test
  void whatConnectHoldsAfterTheFirstApplyChangesNothingAndIsNotPruned() throws Exception {
    Inventory inventory = inventory("running");
    ConnectorReconciler reconciler = reconciler(inventory);
    Map<String, Map<String, String>> held = new LinkedHashMap<>();
    Map<String, String> states = new LinkedHashMap<>();
    for (ConnectorSpec connector : inventory.managedConnectors()) {
      held.put(connector.name(), reconciler.effectiveConfig(connector));
      states.put(connector.name(), "RUNNING");
    }
    assertThat(reconciler.decide(held, states, true)).extracting(ConnectorReconciler.Change::action)
        .containsExactly(Action.UNCHANGED, Action.UNCHANGED, Action.UNCHANGED);
  }

  @Test
  void aPausedMirrorPausesAllItsConnectors() throws Exception {
    Inventory inventory = inventory("paused");
    ConnectorReconciler reconciler = reconciler(inventory);
    Map<String, Map<String, String>> held = new LinkedHashMap<>();
    for (ConnectorSpec connector : inventory.managedConnectors()) {
      held.put(connector.name(), reconciler.effectiveConfig(connector));
    }
    assertThat(reconciler.decide(held, Map.of(), false)).extracting(ConnectorReconciler.Change::action)
        .isEqualTo(List.of(Action.PAUSE, Action.PAUSE, Action.PAUSE));
  }
}
