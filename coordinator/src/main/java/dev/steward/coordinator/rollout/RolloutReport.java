package dev.steward.coordinator.rollout;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.steward.coordinator.progress.Elapsed;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A rollout for people and machines: its steps in the order they ran, and where the time went.
 * "Service time" is what the services themselves took (preparing a host for an upgrade,
 * stopping, starting, catching up, the latter including up to one poll interval until Steward
 * noticed); leader elections are the controller's work, counted apart; "overhead" is the rest:
 * Steward's decisions, snapshots, gates and RPCs.
 */
public final class RolloutReport {

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private RolloutReport() {
  }

  /** The time accounting of a finished (or halted) rollout. */
  public record Breakdown(Duration total, Duration serviceTime, Duration gates, Duration elections, Duration overhead,
      long maxDetectionLagMillis, double meanDetectionLagMillis, int measuredDetections) {

    public double overheadPercent() {
      return total.isZero() ? 0 : 100.0 * overhead.toMillis() / total.toMillis();
    }
  }

  public static Breakdown breakdown(RolloutState state, long nowMillis) {
    long end = state.finishedAtMillis() > 0 ? state.finishedAtMillis() : nowMillis;
    long total = Math.max(0, end - state.createdAtMillis());
    long service = 0;
    long gates = 0;
    long elections = 0;
    long maxLag = -1;
    long lagSum = 0;
    int lags = 0;
    for (RolloutStep step : state.steps()) {
      if (step.timings() == null) {
        continue;
      }
      service += step.timings().restartMillis() + step.timings().catchUpMillis() + step.timings().prepareMillis();
      gates += step.timings().gateMillis();
      elections += step.timings().electionMillis();
      if (step.timings().detectionLagMillis() >= 0) {
        maxLag = Math.max(maxLag, step.timings().detectionLagMillis());
        lagSum += step.timings().detectionLagMillis();
        lags++;
      }
    }
    return new Breakdown(Duration.ofMillis(total), Duration.ofMillis(service), Duration.ofMillis(gates),
        Duration.ofMillis(elections), Duration.ofMillis(Math.max(0, total - service - elections)), maxLag,
        lags == 0 ? -1 : (double) lagSum / lags, lags);
  }

  private static List<RolloutStep> inOrder(RolloutState state) {
    List<RolloutStep> steps = new ArrayList<>(state.steps());
    steps.sort(java.util.Comparator.comparingLong((RolloutStep s) -> s.startedAtMillis() == 0 ? Long.MAX_VALUE
        : s.startedAtMillis()));
    return steps;
  }

  public static String text(RolloutState state, long nowMillis) {
    StringBuilder text = new StringBuilder();
    text.append("rollout ").append(state.id()).append(" (").append(state.kind());
    if (state.targetVersion() != null) {
      text.append(" to Kafka ").append(state.targetVersion());
    }
    if (state.pinnedProtocol() != null) {
      text.append(", inter.broker.protocol.version pinned to ").append(state.pinnedProtocol());
    }
    text.append("): ").append(state.status().toUpperCase(java.util.Locale.ROOT)).append('\n');
    for (RolloutStep step : inOrder(state)) {
      text.append(String.format("  %-11s %-13s %-12s", step.status(), step.service(), step.host()));
      if (step.startedAtMillis() > 0) {
        text.append(' ').append(Instant.ofEpochMilli(step.startedAtMillis()));
      }
      if (step.done()) {
        text.append("  took ").append(Elapsed.format(Rollouts.took(step)));
        if (step.timings() != null) {
          var t = step.timings();
          text.append(" (restart ").append(Elapsed.format(Duration.ofMillis(t.restartMillis())))
              .append(", catch-up ").append(Elapsed.format(Duration.ofMillis(t.catchUpMillis())));
          if (t.gateMillis() > 0) {
            text.append(", waited ").append(Elapsed.format(Duration.ofMillis(t.gateMillis())));
          }
          text.append(')');
        }
      }
      if (step.why() != null) {
        text.append(" - ").append(step.why());
      }
      text.append('\n');
      if (step.note() != null) {
        text.append("      note: ").append(step.note()).append('\n');
      }
    }
    if (state.haltReason() != null && !state.finished()) {
      text.append("halted: ").append(state.haltReason()).append('\n');
    }
    Breakdown b = breakdown(state, nowMillis);
    text.append(String.format("time: total %s, in the services (stop, start, catch-up) %s, preferred-leader elections %s, "
            + "Steward's overhead %s (%.1f%%; of it waiting at gates %s)%n",
        Elapsed.format(b.total()), Elapsed.format(b.serviceTime()), Elapsed.format(b.elections()),
        Elapsed.format(b.overhead()), b.overheadPercent(), Elapsed.format(b.gates())));
    if (b.measuredDetections() > 0) {
      text.append(String.format("readiness detected %.0fms on average (max %dms) after the broker registered%n",
          b.meanDetectionLagMillis(), b.maxDetectionLagMillis()));
    }
    return text.toString();
  }

  public static ObjectNode json(RolloutState state, long nowMillis) {
    ObjectNode root = JSON.valueToTree(state);
    Breakdown b = breakdown(state, nowMillis);
    ObjectNode time = root.putObject("time");
    time.put("totalMillis", b.total().toMillis());
    time.put("serviceMillis", b.serviceTime().toMillis());
    time.put("overheadMillis", b.overhead().toMillis());
    time.put("overheadPercent", b.overheadPercent());
    time.put("gateMillis", b.gates().toMillis());
    time.put("electionMillis", b.elections().toMillis());
    time.put("maxDetectionLagMillis", b.maxDetectionLagMillis());
    time.put("meanDetectionLagMillis", b.meanDetectionLagMillis());
    ArrayNode order = root.putArray("order");
    for (RolloutStep step : inOrder(state)) {
      if (step.startedAtMillis() > 0) {
        order.add(step.service() + ":" + step.host());
      }
    }
    return root;
  }

  public static String jsonText(RolloutState state, long nowMillis) {
    try {
      return JSON.writeValueAsString(json(state, nowMillis));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
