package dev.steward.agent.resource.ufw;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steward.agent.testing.RecordingCommandRunner;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Outputs recorded from ufw 0.36.2 inside lab hosts (systemtest/lab.sh). */
class UfwOutputTest {

  static String recorded(String name) {
    return RecordingCommandRunner.resource(UfwOutputTest.class, "/dev/steward/agent/resource/ufw/" + name);
  }

  @Test
  void statusTellsActiveFromInactive() {
    assertThat(UfwOutput.isActive(recorded("status-verbose-inactive.txt"))).isFalse();
    assertThat(UfwOutput.isActive(recorded("status-verbose-active-mixed.txt"))).isTrue();
    assertThat(UfwOutput.isActive(recorded("status-verbose-active-empty.txt"))).isTrue();
    assertThatThrownBy(() -> UfwOutput.isActive("ERROR: You need to be root to run this script\n"))
        .hasMessageContaining("no 'Status:' line");
  }

  @Test
  void noRulesListsNothing() {
    assertThat(UfwOutput.parseShowAdded(recorded("show-added-none.txt"))).isEmpty();
  }

  @Test
  void mixedRulesSeparateStewardsFromOthersAndModelOnlyStewardsShape() {
    List<UfwOutput.Listed> rules = UfwOutput.parseShowAdded(recorded("show-added-mixed.txt"));

    assertThat(rules).extracting(UfwOutput.Listed::line).containsExactly(
        "ufw allow 22/tcp",
        "ufw allow from 10.77.0.12 to any port 2888 proto tcp comment 'steward:zk-peer-h2'",
        "ufw allow 8080/tcp comment 'has space'",
        "ufw allow from fd00::1 to any port 2181 proto tcp comment 'steward:v6'");
    assertThat(rules).extracting(UfwOutput.Listed::isSteward).containsExactly(false, true, false, true);
    assertThat(rules.get(0).rule()).contains(new UfwRule("tcp", 22, "", ""));
    assertThat(rules.get(1).rule()).contains(new UfwRule("tcp", 2888, "10.77.0.12", "steward:zk-peer-h2"));
    assertThat(rules.get(2).comment()).isEqualTo("has space");
    assertThat(rules.get(3).rule().orElseThrow().from()).isEqualTo("fd00::1");
  }

  @Test
  void listedRuleIsDeletedWithExactlyItsOwnWords() {
    UfwOutput.Listed rule = UfwOutput.parseShowAdded(recorded("show-added-steward.txt")).get(2);

    assertThat(rule.deleteArgv()).containsExactly("ufw", "delete", "allow", "from", "10.77.0.12", "to", "any", "port",
        "2888", "proto", "tcp", "comment", "steward:zk-peer-h2");
  }

  @Test
  void shapesStewardNeverWritesAreNotModelled() {
    for (String line : List.of("ufw allow OpenSSH", "ufw allow 8080", "ufw deny 22/tcp", "ufw allow in on eth0 to any port 22",
        "ufw allow from 10.0.0.1 to 10.0.0.2 port 22 proto tcp", "ufw allow 6000:6007/tcp", "ufw limit 22/tcp",
        "ufw allow from 10.0.0.1 app OpenSSH")) {
      assertThat(UfwOutput.modelled(UfwOutput.words(line), "")).as(line).isEqualTo(Optional.empty());
    }
  }

  @Test
  void ufwsNormalizationOfSourcesIsReproduced() {
    // ufw printed these back for 10.77.0.5/24, 10.77.0.6/32, fd00:0:0::1, FD00::/64 (show-added-normalized.txt)
    String listed = recorded("show-added-normalized.txt");
    assertThat(listed).contains("from 10.77.0.0/24 ").contains("from 10.77.0.6 ").contains("from fd00::1 ")
        .contains("from fd00::/64 ");
    assertThat(SourceAddress.normalize("10.77.0.5/24")).contains("10.77.0.0/24");
    assertThat(SourceAddress.normalize("10.77.0.6/32")).contains("10.77.0.6");
    assertThat(SourceAddress.normalize("fd00:0:0::1")).contains("fd00::1");
    assertThat(SourceAddress.normalize("FD00::/64")).contains("fd00::/64");
    assertThat(SourceAddress.normalize("2001:db8:0:0:1:0:0:1")).contains("2001:db8::1:0:0:1");
    assertThat(SourceAddress.normalize("")).contains("");
  }

  @Test
  void namesAndGarbageAreNotSources() {
    assertThat(SourceAddress.normalize("kafka.example.com")).isEmpty();
    assertThat(SourceAddress.normalize("10.0.0.1/33")).isEmpty();
    assertThat(SourceAddress.normalize("10.0.0.1/x")).isEmpty();
    assertThat(SourceAddress.normalize("any")).isEmpty();
    assertThat(SourceAddress.normalize("10.0.0.1 port 22")).isEmpty();
  }
}
