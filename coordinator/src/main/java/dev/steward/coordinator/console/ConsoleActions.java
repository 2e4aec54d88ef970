package dev.steward.coordinator.console;

import java.util.List;
import java.util.Set;

/**
 * What the console may change, only when started with {@code --allow-actions}: pause, resume or
 * restart a connector, and start a rolling restart (in the background, by the same code path as
 * `steward rollout restart`). Every request must say it was confirmed, and every action goes to
 * the {@link ActionAudit} with the operator's identity.
 */
public final class ConsoleActions {

  public static final Set<String> CONNECTOR_VERBS = Set.of("pause", "resume", "restart");

  /** The cluster side of the actions (the command wires it to the Connect REST API and the rollouts). */
  public interface Executor {
    /** Pauses, resumes or restarts a connector; returns what happened, in a line. */
    String connector(String name, String verb) throws Exception;

    /** Starts a rolling restart in the background; returns the rollout's id. */
    String rollingRestart(String service, List<String> hosts) throws Exception;
  }

  /** An action's answer: an HTTP status and a one-line message. */
  public record Outcome(int status, String message) {
  }

  private final boolean allowed;
  private final Executor executor;
  private final ActionAudit audit;
  private final String cluster;

  public ConsoleActions(boolean allowed, Executor executor, ActionAudit audit, String cluster) {
    this.allowed = allowed;
    this.executor = executor;
    this.audit = audit;
    this.cluster = cluster;
  }

  public boolean allowed() {
    return allowed;
  }

  public Outcome connector(String operator, String name, String verb, boolean confirmed) {
    if (!allowed) {
      return forbidden();
    }
    if (!CONNECTOR_VERBS.contains(verb) || !name.matches("[A-Za-z0-9._-]{1,200}")) {
      return new Outcome(400, "no such action");
    }
    if (!confirmed) {
      return new Outcome(400, "not confirmed: send confirm=yes");
    }
    return run(operator, verb + " connector", name, () -> executor.connector(name, verb));
  }

  public Outcome rollingRestart(String operator, String service, List<String> hosts, boolean confirmed) {
    if (!allowed) {
      return forbidden();
    }
    if (!service.matches("[a-z-]{1,40}") || hosts.stream().anyMatch(h -> !h.matches("[A-Za-z0-9._-]{1,100}"))) {
      return new Outcome(400, "no such service or host");
    }
    if (!confirmed) {
      return new Outcome(400, "not confirmed: send confirm=yes");
    }
    String target = service + (hosts.isEmpty() ? " on every host" : " on " + String.join(",", hosts));
    return run(operator, "rolling restart", target, () -> "rollout " + executor.rollingRestart(service, hosts)
        + " started");
  }

  private Outcome run(String operator, String action, String target, Work work) {
    String result;
    int status;
    try {
      result = work.run();
      status = 200;
    } catch (Exception e) {
      result = "failed: " + dev.steward.coordinator.Errors.rootMessage(e);
      status = 409;
    }
    try {
      audit.record(operator, cluster, action, target, result);
    } catch (java.io.IOException e) {
      return new Outcome(500, result + "; but the audit log " + audit.file() + " could not be written: "
          + e.getMessage());
    }
    return new Outcome(status, result);
  }

  private static Outcome forbidden() {
    return new Outcome(403, "actions are disabled: start the console with --allow-actions");
  }

  @FunctionalInterface
  private interface Work {
    String run() throws Exception;
  }
}
