package dev.steward.coordinator.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** docs/grafana/steward-dashboard.json is valid JSON and queries only metrics steward metrics serves. */
class GrafanaDashboardTest {

  private static final Path DASHBOARD = Path.of("..", "docs", "grafana", "steward-dashboard.json");
  private static final Pattern METRIC = Pattern.compile("steward_[a-z_]+");

  @Test
  void everyQueriedMetricExists() throws Exception {
    JsonNode dashboard = new ObjectMapper().readTree(Files.readString(DASHBOARD));
    List<String> expressions = new ArrayList<>();
    dashboard.findValues("expr").forEach(e -> expressions.add(e.asText()));
    dashboard.findValues("definition").forEach(e -> expressions.add(e.asText()));
    assertThat(expressions).hasSizeGreaterThan(15);
    Set<String> used = new TreeSet<>();
    for (String expression : expressions) {
      Matcher m = METRIC.matcher(expression);
      boolean any = false;
      while (m.find()) {
        used.add(m.group());
        any = true;
      }
      assertThat(any).as("%s queries a steward metric", expression).isTrue();
    }
    assertThat(StatusMetrics.NAMES).containsAll(used);
    assertThat(dashboard.get("panels")).allSatisfy(panel -> assertThat(panel.get("title").asText()).isNotBlank());
  }
}
