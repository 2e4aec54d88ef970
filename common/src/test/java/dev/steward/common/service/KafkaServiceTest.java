package dev.steward.common.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.common.inventory.InventoryLoader;
import dev.steward.common.inventory.KafkaSpec;
import dev.steward.common.inventory.ValidationOptions;
import org.junit.jupiter.api.Test;

/** A crashed broker starts again only once ZooKeeper has expired its old session. */
class KafkaServiceTest {

  private static KafkaSpec kafka(String config) throws Exception {
    return new InventoryLoader(ValidationOptions.strict()).parse("""
        cluster: s
        kafka: {version: 3.9.1, config: {%s}}
        hosts:
          - {name: a, address: 10.0.0.1, zookeeperId: 1, brokerId: 1}
          - {name: b, address: 10.0.0.2, zookeeperId: 2, brokerId: 2}
          - {name: c, address: 10.0.0.3, zookeeperId: 3, brokerId: 3}
        """.formatted(config), null, "s.yaml").inventory().kafka();
  }

  @Test
  void kafkasDefaultSessionOf18sPlusTheMarginIs23s() throws Exception {
    assertThat(KafkaService.restartDelaySeconds(kafka(""))).isEqualTo(23);
  }

  @Test
  void aCustomSessionTimeoutIsOutlastedRoundedUpToWholeSeconds() throws Exception {
    assertThat(KafkaService.restartDelaySeconds(kafka("zookeeper.session.timeout.ms: 30000"))).isEqualTo(35);
    assertThat(KafkaService.restartDelaySeconds(kafka("zookeeper.session.timeout.ms: 18001"))).isEqualTo(24);
    assertThat(KafkaService.restartDelaySeconds(kafka("zookeeper.session.timeout.ms: 120000"))).isEqualTo(125);
  }

  @Test
  void aSessionShorterThanZooKeeperGrantsCountsAsTheShortestItGrants() throws Exception {
    assertThat(KafkaService.restartDelaySeconds(kafka("zookeeper.session.timeout.ms: 2000")))
        .as("6 s (2 ticks) + 5 s, still longer than the guide's 10 s").isEqualTo(11);
  }

  @Test
  void aValueKafkaWouldRefuseFallsBackToItsDefault() throws Exception {
    assertThat(KafkaService.restartDelaySeconds(kafka("zookeeper.session.timeout.ms: soon"))).isEqualTo(23);
    assertThat(KafkaService.restartDelaySeconds(kafka("zookeeper.session.timeout.ms: -5"))).isEqualTo(23);
  }
}
