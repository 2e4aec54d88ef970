package dev.steward.common.render;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link FirewallTags} and {@link FirewallSources}: what the coordinator may send and the agent takes. */
class FirewallFieldsTest {

  @ParameterizedTest
  @ValueSource(strings = {"zk-peer-192.168.1.187", "agent-fd00::12", "kafka-10.0.0.0/8", "never-block-22"})
  void tagsTheCoordinatorAndAgentMakeAreValid(String tag) {
    assertThat(FirewallTags.isValid(tag)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "-zk", "_zk", ".zk", "a b", "zk\n", "zk,1"})
  void otherTagsAreNot(String tag) {
    assertThat(FirewallTags.isValid(tag)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"10.0.0.1", "10.0.0.0/8", "fd00::12", "FD00::/64", "0.0.0.0/0"})
  void addressesAndNetworksAreSources(String source) {
    assertThat(FirewallSources.isValid(source)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "kafka.example.net", "10.1", "010.0.0.1", "10.0.0.1/33", "::ffff:10.0.0.1",
      "fd00::1%eth0", "any"})
  void namesShortFormsAndEmbeddedIpv4AreNot(String source) {
    assertThat(FirewallSources.isValid(source)).isFalse();
  }
}
