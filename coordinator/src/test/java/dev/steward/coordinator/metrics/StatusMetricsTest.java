package dev.steward.coordinator.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.steward.common.testing.PrometheusTextParser;
import dev.steward.coordinator.health.HealthFixtures;
import dev.steward.coordinator.status.StatusFormatter;
import dev.steward.coordinator.status.StatusReport;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The metrics parse with a strict text-format parser, and say what status -o json says. */
class StatusMetricsTest {

  private final HealthFixtures f = new HealthFixtures();

  private static Map<String, PrometheusTextParser.Family> scrape(StatusReport report) {
    return PrometheusTextParser.parse(PrometheusText.render(StatusMetrics.of(report, 0.25)));
  }

  @Test
  void everyFamilyIsAGaugeWithHelpAndANameTheDashboardMayUse() {
    Map<String, PrometheusTextParser.Family> families = scrape(f.report());
    assertThat(families.keySet()).containsExactlyElementsOf(StatusMetrics.NAMES);
    assertThat(families.values()).allSatisfy(family -> {
      assertThat(family.type()).isEqualTo("gauge");
      assertThat(family.help()).isNotBlank();
    });
  }

  @Test
  void valuesMatchTheStatusJson() {
    f.hosts.set(1, HealthFixtures.host("h2", "follower", 2, false, 80L << 30, 250L << 30));
    f.cluster = HealthFixtures.cluster(List.of(1, 2, 3), 5, 0, Optional.empty(), true, true);
    f.lag.add(HealthFixtures.group("reports", 20_000));
    f.connectors.add(HealthFixtures.connector("pg-sink", "RUNNING", "FAILED"));
    StatusReport report = f.report();
    JsonNode json = StatusFormatter.json(report);
    Map<String, PrometheusTextParser.Family> m = scrape(report);

    assertThat(m.get("steward_healthy").value("cluster", "homelab")).contains(0.0);
    assertThat(json.at("/cluster/healthy").asBoolean()).isFalse();
    assertThat(m.get("steward_kafka_under_replicated_partitions").value())
        .contains(json.at("/cluster/kafka/underReplicatedPartitions").asDouble());
    assertThat(m.get("steward_kafka_controller").value()).contains(json.at("/cluster/kafka/controller").asDouble());
    assertThat(m.get("steward_broker_up").value("host", "h2")).contains(0.0);
    assertThat(m.get("steward_broker_up").value("host", "h1", "broker_id", "1")).contains(1.0);
    for (JsonNode host : json.at("/hosts")) {
      String name = host.get("name").asText();
      assertThat(m.get("steward_agent_up").value("host", name)).contains(1.0);
      JsonNode disk = host.at("/disks/0");
      assertThat(m.get("steward_disk_free_bytes").value("host", name, "path", disk.get("path").asText()))
          .contains(disk.get("usableBytes").asDouble());
      assertThat(m.get("steward_memory_total_bytes").value("host", name)).contains(host.at("/memory/totalBytes").asDouble());
    }
    for (JsonNode group : json.at("/consumerGroups")) {
      assertThat(m.get("steward_consumer_group_lag").value("group", group.get("group").asText()))
          .contains(group.get("lag").asDouble());
    }
    assertThat(m.get("steward_connector_failed_tasks").value("connector", "pg-sink")).contains(1.0);
    assertThat(m.get("steward_alerts").value("severity", "critical")).contains((double) json.at("/alerts").size());
    for (JsonNode alert : json.at("/alerts")) {
      assertThat(m.get("steward_alert").value("kind", alert.get("kind").asText(), "subject",
          alert.get("subject").asText())).as(alert.toString()).contains(1.0);
    }
    assertThat(json.at("/alerts").size()).isEqualTo(4);
    assertThat(m.get("steward_certificate_expiry_timestamp_seconds").value("subject", "coordinator"))
        .contains((double) java.time.Instant.parse(json.at("/certificates/1/notAfter").asText()).getEpochSecond());
    assertThat(m.get("steward_replication_slot_wal_bytes").value("slot", "debezium_inventory"))
        .contains(json.at("/replicationSlots/0/retainedWalBytes").asDouble());
  }

  @Test
  void partitionCountsAreAbsentWhenKafkaCannotBeRead() {
    f.cluster = HealthFixtures.cluster(List.of(), 0, 0, Optional.of("no broker is registered"), true, true);
    Map<String, PrometheusTextParser.Family> m = scrape(f.report());
    assertThat(m.get("steward_kafka_under_replicated_partitions").samples()).isEmpty();
    assertThat(m.get("steward_kafka_readable").value()).contains(0.0);
  }

  @Test
  void labelValuesAreEscapedAndReadBack() {
    String text = PrometheusText.render(List.of(new MetricFamily("steward_x", "help with \\ and\nline")
        .add(1.5, "path", "a\"b\\c\nd")));
    assertThat(text).contains("path=\"a\\\"b\\\\c\\nd\"").contains("help with \\\\ and\\nline");
    PrometheusTextParser.Family family = PrometheusTextParser.parse(text).get("steward_x");
    assertThat(family.samples().get(0).labels()).containsEntry("path", "a\"b\\c\nd");
    assertThat(family.help()).isEqualTo("help with \\ and\nline");
    assertThat(family.value()).contains(1.5);
  }

  @Test
  void numbersAreWrittenAsPrometheusReadsThem() {
    assertThat(PrometheusText.number(3)).isEqualTo("3");
    assertThat(PrometheusText.number(0.25)).isEqualTo("0.25");
    assertThat(PrometheusText.number(Double.NaN)).isEqualTo("NaN");
    assertThat(PrometheusText.number(Double.POSITIVE_INFINITY)).isEqualTo("+Inf");
    assertThat(PrometheusText.number(1e20)).isEqualTo("1.0E20");
    assertThat(PrometheusTextParser.parse("a 1.0E20\n").get("a").value()).contains(1e20);
  }

  @Test
  void theParserIsStrict() {
    for (String bad : List.of("a 1", "a{b=\"1\"} x\n", "a{b=1} 1\n", "a{b=\"\\x\"} 1\n", "1a 1\n",
        "a 1\nb 1\na 2\n", "a 1\n# TYPE a gauge\n", "# TYPE a gauge\n# TYPE a gauge\n", "a{__b=\"1\"} 1\n",
        "a 1\na 1\n", "# TYPE a rate\n", "a{b=\"1\",b=\"2\"} 1\n", "a{b=\"1\" 1\n")) {
      assertThatThrownBy(() -> PrometheusTextParser.parse(bad)).as(bad).isInstanceOf(PrometheusTextParser.ParseException.class);
    }
    assertThat(PrometheusTextParser.parse("# a comment\na{b=\"1\",} 1 1700000000\n").get("a").value("b", "1"))
        .contains(1.0);
  }

  @Test
  void theRendererRefusesBadNames() {
    assertThatThrownBy(() -> PrometheusText.render(List.of(new MetricFamily("steward-x", "h"))))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> PrometheusText.render(List.of(new MetricFamily("steward_x", "h").add(1, "bad-label", "v"))))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
