package dev.steward.coordinator.cdc;

import java.util.List;

/** The prechecks as a table, like `steward preflight`'s: check, outcome, seen, required, message. */
public final class PrecheckTable {

  private PrecheckTable() {
  }

  public static String render(List<CdcCheck> checks) {
    int name = "CHECK".length();
    int observed = "OBSERVED".length();
    for (CdcCheck check : checks) {
      name = Math.max(name, check.name().length());
      observed = Math.max(observed, Math.min(40, check.observed().length()));
    }
    String format = "%-" + name + "s  %-4s  %-" + observed + "s  %s%n";
    StringBuilder text = new StringBuilder(String.format(format, "CHECK", "", "OBSERVED", "REQUIRED / FIX"));
    for (CdcCheck check : checks) {
      String detail = check.outcome() == CdcCheck.Outcome.PASS ? check.required() : check.required()
          + (check.message().isEmpty() ? "" : ": " + check.message());
      text.append(String.format(format, check.name(), check.outcome(), check.observed(), detail));
    }
    return text.toString();
  }
}
