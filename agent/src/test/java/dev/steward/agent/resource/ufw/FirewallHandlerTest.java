package dev.steward.agent.resource.ufw;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.agent.resource.Diff;
import dev.steward.agent.resource.MachineWide;
import dev.steward.agent.testing.RecordingCommandRunner;
import dev.steward.agent.v1.FirewallAction;
import dev.steward.agent.v1.FirewallResource;
import dev.steward.agent.v1.FirewallRule;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FirewallHandlerTest {

  RecordingCommandRunner runner;
  FirewallHandler handler;

  @BeforeEach
  void setUp() {
    runner = new RecordingCommandRunner();
    runner.ok("ufw", "allow");
    runner.ok("ufw", "delete");
    runner.ok("ufw", "--force", "enable");
    handler = new FirewallHandler(runner, new MachineWide(true, "/"));
  }

  void ufwSays(String status, String showAdded) {
    runner.on(List.of("ufw", "status"), 0, UfwOutputTest.recorded(status), "");
    runner.on(List.of("ufw", "show", "added"), 0, UfwOutputTest.recorded(showAdded), "");
  }

  static FirewallRule rule(String tag, int port, String from) {
    return FirewallRule.newBuilder().setTag(tag).setAction(FirewallAction.FIREWALL_ACTION_ALLOW).setPort(port)
        .setProtocol("tcp").setFrom(from).build();
  }

  static FirewallResource.Builder cluster() {
    return FirewallResource.newBuilder().addNeverBlockPorts(22)
        .addRules(rule("agent-from-10.77.0.1", 7443, "10.77.0.1"))
        .addRules(rule("zk-peer-h2", 2888, "10.77.0.12"));
  }

  Diff diff(FirewallResource desired) throws Exception {
    return handler.diff(desired, handler.observe(desired));
  }

  String apply(FirewallResource desired) throws Exception {
    FirewallHandler.Observed observed = handler.observe(desired);
    runner.clear();
    return handler.apply(desired, observed, handler.diff(desired, observed));
  }

  @Test
  void freshInactiveHostWithEnableAllowsNeverBlockPortsAndRulesBeforeEnabling() throws Exception {
    ufwSays("status-verbose-inactive.txt", "show-added-none.txt");
    FirewallResource desired = cluster().setEnable(true).build();

    assertThat(diff(desired).text()).isEqualTo("""
        + allow 22/tcp from anywhere (steward:never-block-22)
        + allow 7443/tcp from 10.77.0.1 (steward:agent-from-10.77.0.1)
        + allow 2888/tcp from 10.77.0.12 (steward:zk-peer-h2)
        enable ufw (after the rules above; incoming policy as configured, deny by default)""");
    apply(desired);

    assertThat(runner.commands()).containsExactly(
        "ufw allow proto tcp from any to any port 22 comment steward:never-block-22",
        "ufw allow proto tcp from 10.77.0.1 to any port 7443 comment steward:agent-from-10.77.0.1",
        "ufw allow proto tcp from 10.77.0.12 to any port 2888 comment steward:zk-peer-h2",
        "ufw --force enable");
  }

  @Test
  void sameRulesAlreadyThereAreUnchangedAndOthersRulesAreNeverTouched() throws Exception {
    // show-added-steward.txt: Steward's three rules plus someone's "ufw allow 9092/tcp"
    ufwSays("status-verbose-active-steward.txt", "show-added-steward.txt");

    assertThat(diff(cluster().setEnable(true).build()).isNone()).isTrue();
  }

  @Test
  void ruleNoLongerDesiredIsRemovedAfterAdditionsAndOnlyStewardsGo() throws Exception {
    ufwSays("status-verbose-active-steward.txt", "show-added-steward.txt");
    FirewallResource desired = FirewallResource.newBuilder().addNeverBlockPorts(22)
        .addRules(rule("agent-from-10.77.0.1", 7443, "10.77.0.1"))
        .addRules(rule("zk-peer-h3", 2888, "10.77.0.13")).build();

    Diff diff = diff(desired);
    apply(desired);

    assertThat(diff.text()).isEqualTo("""
        + allow 2888/tcp from 10.77.0.13 (steward:zk-peer-h3)
        - allow 2888/tcp from 10.77.0.12 (steward:zk-peer-h2)""");
    assertThat(runner.commands()).containsExactly(
        "ufw allow proto tcp from 10.77.0.13 to any port 2888 comment steward:zk-peer-h3",
        "ufw delete allow from 10.77.0.12 to any port 2888 proto tcp comment steward:zk-peer-h2");
  }

  @Test
  void retaggedRuleIsReAddedWithTheNewCommentAndNotDeleted() throws Exception {
    ufwSays("status-verbose-active-steward.txt", "show-added-steward.txt");
    FirewallResource desired = cluster().clearRules().addRules(rule("agent-from-10.77.0.1", 7443, "10.77.0.1"))
        .addRules(rule("zk-peer-2", 2888, "10.77.0.12")).build();

    apply(desired);

    assertThat(runner.commands()).containsExactly(
        "ufw allow proto tcp from 10.77.0.12 to any port 2888 comment steward:zk-peer-2");
  }

  @Test
  void desiredRuleAlreadyAllowedBySomeoneElsesRuleIsLeftToThem() throws Exception {
    ufwSays("status-verbose-active-steward.txt", "show-added-steward.txt");
    FirewallResource desired = cluster().addRules(rule("kafka-clients", 9092, "")).build();

    Diff diff = diff(desired);

    assertThat(diff.isNone()).as("nothing to do: ufw keeps one rule per spec, ours would re-tag theirs").isTrue();
  }

  @Test
  void ruleThatNarrowsAPortThatMustNeverBeBlockedIsRefused() throws Exception {
    ufwSays("status-verbose-inactive.txt", "show-added-none.txt");
    FirewallResource desired = cluster().addNeverBlockPorts(7443).setEnable(true).build();

    Diff diff = diff(desired);

    assertThat(diff.isConflict()).isTrue();
    assertThat(diff.conflict()).contains("(agent-from-10.77.0.1)").contains("would block port 7443");
  }

  @Test
  void enableWithoutNeverBlockPortsIsRefused() throws Exception {
    ufwSays("status-verbose-inactive.txt", "show-added-none.txt");

    assertThat(diff(FirewallResource.newBuilder().setEnable(true).build()).conflict())
        .contains("could lock out SSH and the agent");
  }

  @Test
  void invalidRulesAreRefusedWithTheirIndexTagAndField() throws Exception {
    ufwSays("status-verbose-inactive.txt", "show-added-none.txt");
    FirewallResource desired = FirewallResource.newBuilder()
        .addRules(rule("a b", 9092, ""))
        .addRules(rule("x", 0, ""))
        .addRules(rule("y", 9092, "kafka.example.com"))
        .addRules(rule("z", 9093, "").toBuilder().setProtocol("icmp"))
        .build();

    String conflict = diff(desired).conflict();

    assertThat(conflict).contains("firewall.rules[0] (a b): tag").contains("firewall.rules[1] (x): port 0")
        .contains("firewall.rules[2] (y): from 'kafka.example.com'").contains("firewall.rules[3] (z): protocol");
  }

  @Test
  void inactiveUfwWithoutEnableStaysInactive() throws Exception {
    ufwSays("status-verbose-inactive.txt", "show-added-none.txt");

    apply(cluster().build());

    assertThat(runner.commands()).noneMatch(c -> c.contains("enable"));
  }
}
