package dev.steward.coordinator.preflight;

import dev.steward.agent.v1.CheckOutcome;

/** One preflight check's outcome on one host. */
public record HostCheck(String host, String name, CheckOutcome outcome, String observed, String required, String message) {

  public boolean failed() {
    return outcome == CheckOutcome.CHECK_OUTCOME_FAIL;
  }
}
