package dev.steward.common.render;

import static dev.steward.common.render.RenderFixtures.host;
import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.agent.v1.FirewallAction;
import dev.steward.agent.v1.FirewallRule;
import dev.steward.common.inventory.Inventory;
import java.util.List;
import org.junit.jupiter.api.Test;

class FirewallRulesTest {

  private static final String HOSTS = """
      hosts:
        - {name: a, address: 10.0.0.1, zookeeperId: 1, brokerId: 1}
        - {name: b, address: 10.0.0.2, zookeeperId: 2, brokerId: 2}
        - {name: c, address: 10.0.0.3, zookeeperId: 3, brokerId: 3}
        - {name: zk4, address: 10.0.0.4, zookeeperId: 4}
        - {name: zk5, address: 10.0.0.5, zookeeperId: 5}
        - {name: edge, address: 10.0.0.6, brokerId: 6, agentPort: 7444}
      """;

  private static Inventory inventory(String sections) {
    return RenderFixtures.parse("cluster: fw\nkafka:\n  version: 3.9.1\n" + sections + "\n" + HOSTS);
  }

  private static List<String> tags(List<FirewallRule> rules) {
    return rules.stream().map(FirewallRule::getTag).toList();
  }

  @Test
  void withoutRestrictionsClientFacingPortsAreOpenToAnywhereAndPeersToTheEnsembleOnly() {
    Inventory inventory = inventory("firewall: {enabled: true}");
    List<FirewallRule> rules = FirewallRules.forHost(inventory, host(inventory, "a"));

    assertThat(tags(rules)).containsExactly(
        "zk-client",
        "zk-peer-10.0.0.2", "zk-peer-10.0.0.3", "zk-peer-10.0.0.4", "zk-peer-10.0.0.5",
        "zk-election-10.0.0.2", "zk-election-10.0.0.3", "zk-election-10.0.0.4", "zk-election-10.0.0.5",
        "kafka",
        "agent");
    assertThat(rules.get(0)).isEqualTo(FirewallRule.newBuilder().setTag("zk-client")
        .setAction(FirewallAction.FIREWALL_ACTION_ALLOW).setPort(2181).setProtocol("tcp").setFrom("").build());
    assertThat(rules.get(1).getFrom()).isEqualTo("10.0.0.2");
    assertThat(rules.get(1).getPort()).isEqualTo(2888);
    assertThat(rules.get(5).getPort()).isEqualTo(3888);
  }

  @Test
  void coordinatorAndClientNetworksNarrowTheSources() {
    Inventory inventory = inventory("""
          clientNetworks: [10.20.0.0/16]
        firewall: {enabled: true, coordinatorAddresses: [10.0.9.9, 10.0.0.2]}""");
    List<FirewallRule> rules = FirewallRules.forHost(inventory, host(inventory, "a"));

    assertThat(tags(rules)).startsWith("zk-client-10.0.0.2", "zk-client-10.0.0.3", "zk-client-10.0.0.6",
        "zk-client-10.0.9.9", "zk-peer-10.0.0.2");
    assertThat(tags(rules)).endsWith("kafka-10.20.0.0/16", "kafka-10.0.0.2", "kafka-10.0.0.3", "kafka-10.0.0.6",
        "kafka-10.0.9.9", "agent-10.0.9.9", "agent-10.0.0.2");
    assertThat(tags(rules)).doesNotHaveDuplicates().noneMatch(t -> t.endsWith("10.0.0.1"));
  }

  @Test
  void zooKeeperOnlyHostOpensNoBrokerPort() {
    Inventory inventory = inventory("firewall: {enabled: true}");
    assertThat(tags(FirewallRules.forHost(inventory, host(inventory, "zk4")))).doesNotContain("kafka").contains("zk-client");
  }

  @Test
  void brokerOnlyHostOpensNoZooKeeperPortAndUsesItsOwnAgentPort() {
    Inventory inventory = inventory("firewall: {enabled: true}");
    List<FirewallRule> rules = FirewallRules.forHost(inventory, host(inventory, "edge"));
    assertThat(tags(rules)).containsExactly("kafka", "agent");
    assertThat(rules.get(1).getPort()).isEqualTo(7444);
  }

  @Test
  void enabledAdminServerIsOpenToTheCoordinator() {
    Inventory inventory = RenderFixtures.parse("cluster: fw\nkafka: {version: 3.9.1}\n"
        + "zookeeper: {adminServer: {enabled: true, port: 8181}}\n"
        + "firewall: {enabled: true, coordinatorAddresses: [10.0.9.9]}\n" + HOSTS);
    assertThat(FirewallRules.forHost(inventory, host(inventory, "a"))).filteredOn(r -> r.getTag().startsWith("zk-admin"))
        .singleElement().satisfies(r -> {
          assertThat(r.getPort()).isEqualTo(8181);
          assertThat(r.getFrom()).isEqualTo("10.0.9.9");
        });
  }

  @Test
  void rulesAreTheSameOnEveryCall() {
    Inventory inventory = inventory("firewall: {enabled: true}");
    assertThat(FirewallRules.forHost(inventory, host(inventory, "b")))
        .isEqualTo(FirewallRules.forHost(inventory, host(inventory, "b")));
  }

  @Test
  void longestSourcesTheInventoryTakesStillGiveTagsTheAgentTakes() {
    String longest = "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/128";
    Inventory inventory = RenderFixtures.parse("cluster: fw\nkafka: {version: 3.9.1, clientNetworks: [\"" + longest
        + "\"]}\nzookeeper: {adminServer: {enabled: true, port: 8181}}\n"
        + "firewall: {enabled: true, coordinatorAddresses: [\"" + longest + "\"]}\n" + HOSTS);
    List<String> tags = tags(FirewallRules.forHost(inventory, host(inventory, "a")));

    assertThat(tags).contains("zk-admin-" + longest, "kafka-" + longest).allMatch(FirewallTags::isValid);
  }
}
