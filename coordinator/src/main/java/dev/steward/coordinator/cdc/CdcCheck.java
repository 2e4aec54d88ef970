package dev.steward.coordinator.cdc;

import java.util.Objects;

/**
 * One precheck of a PostgreSQL database against what Debezium's connector needs. {@code message} says, for a FAIL
 * or WARN, what to run or change; for a PASS, what the connector will do with what it found.
 */
public record CdcCheck(String name, Outcome outcome, String observed, String required, String message) {

  public enum Outcome { PASS, WARN, FAIL }

  public CdcCheck {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(outcome, "outcome");
    observed = Objects.requireNonNullElse(observed, "");
    required = Objects.requireNonNullElse(required, "");
    message = Objects.requireNonNullElse(message, "");
  }

  public static CdcCheck pass(String name, String observed, String required, String message) {
    return new CdcCheck(name, Outcome.PASS, observed, required, message);
  }

  public static CdcCheck warn(String name, String observed, String required, String message) {
    return new CdcCheck(name, Outcome.WARN, observed, required, message);
  }

  public static CdcCheck fail(String name, String observed, String required, String message) {
    return new CdcCheck(name, Outcome.FAIL, observed, required, message);
  }

  public boolean failed() {
    return outcome == Outcome.FAIL;
  }
}
