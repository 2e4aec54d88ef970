package dev.steward.coordinator.preflight;

import dev.steward.agent.v1.CheckOutcome;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Every host's checks; the apply proceeds only when none failed. */
public record PreflightReport(List<HostCheck> checks) {

  public PreflightReport {
    checks = List.copyOf(checks);
  }

  public boolean passed() {
    return checks.stream().noneMatch(HostCheck::failed);
  }

  public List<HostCheck> failures() {
    return checks.stream().filter(HostCheck::failed).toList();
  }

  /**
   * A host x check table: one row per host, one column per check kind, each cell "ok",
   * "WARN" or "FAIL", followed by one line per failure saying what was seen and what to do.
   */
  public String table() {
    Set<String> hosts = new LinkedHashSet<>();
    Set<String> columns = new LinkedHashSet<>();
    for (HostCheck check : checks) {
      hosts.add(check.host());
      columns.add(column(check.name()));
    }
    List<String> header = new ArrayList<>();
    header.add("HOST");
    header.addAll(columns);
    List<List<String>> rows = new ArrayList<>();
    for (String host : hosts) {
      List<String> row = new ArrayList<>();
      row.add(host);
      for (String column : columns) {
        row.add(cell(host, column));
      }
      rows.add(row);
    }
    StringBuilder text = new StringBuilder(dev.steward.coordinator.status.TextTable.render(header, rows));
    for (HostCheck failure : checks.stream().filter(c -> c.outcome() != CheckOutcome.CHECK_OUTCOME_PASS).toList()) {
      text.append(String.format("%s %s %s: %s (required %s). %s%n",
          failure.failed() ? "FAIL" : "WARN", failure.host(), failure.name(), failure.observed(),
          failure.required(), failure.message()));
    }
    return text.toString();
  }

  private String cell(String host, String column) {
    CheckOutcome worst = CheckOutcome.CHECK_OUTCOME_UNSPECIFIED;
    for (HostCheck check : checks) {
      if (check.host().equals(host) && column(check.name()).equals(column)
          && rank(check.outcome()) > rank(worst)) {
        worst = check.outcome();
      }
    }
    return switch (worst) {
      case CHECK_OUTCOME_PASS -> "ok";
      case CHECK_OUTCOME_WARN -> "WARN";
      case CHECK_OUTCOME_FAIL -> "FAIL";
      default -> "-";
    };
  }

  /** "disk:/var/lib/kafka/logs" and "disk:/var/lib/zookeeper" share the column "disk". */
  private static String column(String checkName) {
    int colon = checkName.indexOf(':');
    return colon < 0 ? checkName : checkName.substring(0, colon);
  }

  private static int rank(CheckOutcome outcome) {
    return switch (outcome) {
      case CHECK_OUTCOME_PASS -> 1;
      case CHECK_OUTCOME_WARN -> 2;
      case CHECK_OUTCOME_FAIL -> 3;
      default -> 0;
    };
  }
}
