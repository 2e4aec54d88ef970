package dev.steward.coordinator.mirror;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.common.inventory.MirrorOffsetSync;
import dev.steward.common.inventory.MirrorSpec;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MirrorTopicFilterTest {

  private static MirrorTopicFilter filter(List<String> topics, List<String> excludes, List<String> groups) {
    return MirrorTopicFilter.of(new MirrorSpec("east", "east", List.of("10.0.1.1:9092"), topics, excludes, groups,
        MirrorSpec.ReplicationPolicy.PREFIXED, MirrorOffsetSync.DEFAULTS, Duration.ofSeconds(60), true, 1, Map.of(),
        "running"));
  }

  @Test
  void patternsMatchWholeNamesAndExclusionsWin() {
    MirrorTopicFilter filter = filter(List.of("orders\\..*", "payments"), List.of("orders\\.tmp"), List.of());
    assertThat(filter.mirrorsTopic("orders.eu")).isTrue();
    assertThat(filter.mirrorsTopic("payments")).isTrue();
    assertThat(filter.mirrorsTopic("payments-v2")).as("a whole-name match, as MM2 does").isFalse();
    assertThat(filter.mirrorsTopic("orders.tmp")).isFalse();
  }

  @Test
  void mirrorMakersOwnExclusionsStayInForce() {
    MirrorTopicFilter filter = filter(List.of(".*"), List.of(), List.of(".*"));
    assertThat(filter.mirrorsTopic("__consumer_offsets")).isFalse();
    assertThat(filter.mirrorsTopic("mm2-offset-syncs.east.internal")).isFalse();
    assertThat(filter.mirrorsTopic("orders.replica")).isFalse();
    assertThat(filter.translatesGroup("billing")).isTrue();
    assertThat(filter.translatesGroup("connect-file-sink")).isFalse();
    assertThat(filter.translatesGroup("console-consumer-4711")).isFalse();
  }

  @Test
  void noGroupPatternsTranslateNoGroup() {
    assertThat(filter(List.of("orders"), List.of(), List.of()).translatesGroup("billing")).isFalse();
  }
}
