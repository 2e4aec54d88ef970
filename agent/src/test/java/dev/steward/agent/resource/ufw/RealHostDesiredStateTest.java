package dev.steward.agent.resource.ufw;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.agent.resource.Diff;
import dev.steward.agent.resource.MachineWide;
import dev.steward.agent.resource.ResourceRequestValidator;
import dev.steward.agent.testing.RecordingCommandRunner;
import dev.steward.agent.v1.FirewallResource;
import dev.steward.agent.v1.Resource;
import dev.steward.common.inventory.HostSpec;
import dev.steward.common.inventory.Inventory;
import dev.steward.common.inventory.InventoryLoader;
import dev.steward.common.inventory.ValidationOptions;
import dev.steward.common.state.DesiredStateBuilder;
import dev.steward.common.state.HostDesiredState;
import dev.steward.common.state.HostLayout;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What the coordinator sends for a real-hosts inventory (firewall with coordinator addresses and
 * client networks, sysctl) is what this agent accepts: the request validator and the firewall
 * plan agree with common's renderers. Found in the lab, where both disagreed.
 */
class RealHostDesiredStateTest {

  private static final String SHA = "ab".repeat(64);
  private static final String INVENTORY = """
      cluster: lab
      kafka: {version: 3.9.1, clientNetworks: [10.77.0.0/24]}
      install: {javaPackage: ""}
      sysctl: {enabled: true}
      firewall: {enabled: true, enableUfw: true, coordinatorAddresses: [10.77.0.1]}
      connect: {hosts: [h1, h2]}
      hosts:
        - {name: h1, address: 10.77.0.11, zookeeperId: 1, brokerId: 1}
        - {name: h2, address: 10.77.0.12, zookeeperId: 2, brokerId: 2}
        - {name: h3, address: 10.77.0.13, zookeeperId: 3, brokerId: 3}
      """;

  static Inventory inventory() throws Exception {
    return new InventoryLoader(ValidationOptions.strict()).parse(INVENTORY, null, "lab.yaml").inventory();
  }

  static HostDesiredState desired(Inventory inventory, HostSpec host) {
    return new DesiredStateBuilder().build(inventory, host, HostLayout.REAL_HOST, SHA);
  }

  @Test
  void everyPhaseOfEveryHostPassesTheRequestValidator() throws Exception {
    Inventory inventory = inventory();
    for (HostSpec host : inventory.hosts()) {
      HostDesiredState state = desired(inventory, host);
      List<List<Resource>> phases = new java.util.ArrayList<>(List.of(state.base()));
      phases.addAll(state.services().values());
      for (List<Resource> phase : phases) {
        assertThat(ResourceRequestValidator.problems(phase)).as(host.name()).isEmpty();
      }
    }
  }

  @Test
  void firewallOfAFreshHostIsAPlanNotAConflictAndKeepsTheCoordinatorIn() throws Exception {
    Inventory inventory = inventory();
    FirewallResource firewall = desired(inventory, inventory.hosts().get(0)).base().stream()
        .filter(Resource::hasFirewall).findFirst().orElseThrow().getFirewall();
    RecordingCommandRunner runner = new RecordingCommandRunner();
    runner.on(List.of("ufw", "status"), 0, UfwOutputTest.recorded("status-verbose-inactive.txt"), "");
    runner.on(List.of("ufw", "show", "added"), 0, UfwOutputTest.recorded("show-added-none.txt"), "");
    runner.ok("ufw", "allow");
    runner.ok("ufw", "--force", "enable");
    FirewallHandler handler = new FirewallHandler(runner, new MachineWide(true, "/"));

    FirewallHandler.Observed observed = handler.observe(firewall);
    Diff diff = handler.diff(firewall, observed);

    assertThat(diff.isConflict()).as(diff.conflict()).isFalse();
    assertThat(diff.text()).contains("+ allow 7443/tcp from 10.77.0.1 (steward:agent-10.77.0.1)")
        .contains("+ allow 9092/tcp from 10.77.0.0/24 (steward:kafka-10.77.0.0/24)")
        .contains("+ allow 22/tcp from anywhere").doesNotContain("7443/tcp from anywhere");
    runner.clear();
    handler.apply(firewall, observed, diff);
    assertThat(runner.commands()).last().isEqualTo("ufw --force enable");
  }
}
