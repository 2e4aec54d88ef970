package dev.steward.coordinator.health;

/**
 * One thing {@code steward status} alerts on.
 *
 * @param kind a stable name for scripts and Prometheus ({@code broker-down}, {@code consumer-lag}, ...)
 * @param subject what it is about: a host, a consumer group, a connector, a slot, "cluster"
 * @param message what is wrong and what to do about it
 */
public record Alert(Severity severity, String kind, String subject, String message) {

  /** CRITICAL alerts make the cluster unhealthy (exit code 1); a WARNING is a check that could not be made. */
  public enum Severity {
    CRITICAL, WARNING;

    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  public boolean critical() {
    return severity == Severity.CRITICAL;
  }

  public String line() {
    return severity.name() + " " + kind + " " + subject + ": " + message;
  }
}
