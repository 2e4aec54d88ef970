package dev.steward.coordinator.deploy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.steward.agent.v1.ResourceResult;
import dev.steward.agent.v1.ResourceStatus;
import dev.steward.agent.v1.RestartReason;
import dev.steward.coordinator.preflight.HostCheck;
import dev.steward.coordinator.progress.Elapsed;
import dev.steward.coordinator.connect.ConnectorReconciler;
import dev.steward.coordinator.smoke.SmokeTestResult;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Renders an {@link ApplyResult} for people (text) or machines (JSON). */
public final class ApplyReportFormatter {

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private ApplyReportFormatter() {
  }

  public static String text(ApplyResult result, boolean showDiffs) {
    StringBuilder text = new StringBuilder();
    result.preflight().filter(p -> !p.passed()).ifPresent(p -> text.append("preflight:\n").append(p.table()).append('\n'));
    for (PhaseReport phase : result.phases()) {
      for (HostPhaseResult host : phase.hosts()) {
        text.append(String.format("%-12s %-10s %s%n", host.host(), phase.name(), counts(host)));
        if (host.error() != null) {
          text.append("    error: ").append(host.error()).append('\n');
        }
        for (ResourceResult resource : host.notable()) {
          text.append("    ").append(Deployer.StatusText.of(resource.getStatus())).append(' ').append(resource.getId());
          if (!resource.getMessage().isEmpty()) {
            text.append(": ").append(resource.getMessage());
          }
          text.append('\n');
          if (showDiffs && !resource.getDiff().isEmpty()) {
            resource.getDiff().lines().forEach(line -> text.append("        ").append(line).append('\n'));
          }
        }
      }
    }
    if (!result.pendingRestarts().isEmpty()) {
      text.append("\nservices running with stale config or binaries (rolled one at a time by the rolling restart):\n");
      result.pendingRestarts().forEach((host, reasons) -> {
        for (RestartReason reason : reasons) {
          text.append("  ").append(host).append(' ').append(serviceLabel(reason)).append(": ")
              .append(reasonLabel(reason)).append(reason.getDetail().isEmpty() ? "" : " (" + reason.getDetail() + ")")
              .append('\n');
        }
      });
    }
    if (!result.connectors().isEmpty()) {
      text.append("\nconnectors:\n");
      for (ConnectorReconciler.Change change : result.connectors()) {
        text.append(String.format("  %-10s %s%s%n", change.action().name().toLowerCase(java.util.Locale.ROOT)
            .replace('_', ' '), change.connector(), change.detail().isEmpty() ? "" : "  (" + change.detail() + ")"));
      }
    }
    result.smokeTest().ifPresent(smoke -> text.append('\n').append(smokeText(smoke)).append('\n'));
    if (!result.timings().isEmpty()) {
      text.append("\ntimings:");
      result.timings().forEach(t -> text.append(' ').append(t.name()).append(' ').append(Elapsed.format(t.took())).append(';'));
      text.setLength(text.length() - 1);
      text.append('\n');
    }
    result.failure().ifPresent(f -> text.append("\nFAILED: ").append(f).append('\n'));
    return text.toString();
  }

  public static String smokeText(SmokeTestResult smoke) {
    return "smoke test: topic " + smoke.topic() + " (" + smoke.partitions() + " partitions, RF "
        + smoke.replicationFactor() + "): produced " + smoke.produced() + ", consumed " + smoke.consumed()
        + (smoke.passed() ? ", ok" : ", FAILED: " + smoke.error()) + " in " + Elapsed.format(smoke.took());
  }

  private static String counts(HostPhaseResult host) {
    StringBuilder text = new StringBuilder();
    for (ResourceStatus status : List.of(ResourceStatus.RESOURCE_STATUS_UNCHANGED, ResourceStatus.RESOURCE_STATUS_WOULD_CHANGE,
        ResourceStatus.RESOURCE_STATUS_CHANGED, ResourceStatus.RESOURCE_STATUS_FAILED, ResourceStatus.RESOURCE_STATUS_SKIPPED)) {
      long count = host.count(status);
      if (count > 0) {
        text.append(text.isEmpty() ? "" : ", ").append(count).append(' ').append(Deployer.StatusText.of(status));
      }
    }
    return text.isEmpty() ? "nothing to do" : text.toString();
  }

  private static String serviceLabel(RestartReason reason) {
    return reason.getService().name().replace("SERVICE_NAME_", "").toLowerCase(Locale.ROOT).replace('_', '-');
  }

  private static String reasonLabel(RestartReason reason) {
    return reason.getKind().name().replace("RESTART_REASON_KIND_", "").toLowerCase(Locale.ROOT).replace('_', ' ');
  }

  public static String json(ApplyResult result) {
    ObjectNode root = JSON.createObjectNode();
    root.put("ok", result.ok());
    root.put("dryRun", result.dryRun());
    root.put("changes", result.anyChange());
    result.failure().ifPresent(f -> root.put("failure", f));
    result.preflight().ifPresent(preflight -> {
      ArrayNode checks = root.putObject("preflight").put("passed", preflight.passed()).putArray("checks");
      for (HostCheck check : preflight.checks()) {
        checks.addObject().put("host", check.host()).put("check", check.name())
            .put("outcome", check.outcome().name().replace("CHECK_OUTCOME_", "").toLowerCase(Locale.ROOT))
            .put("observed", check.observed()).put("required", check.required()).put("message", check.message());
      }
    });
    ArrayNode phases = root.putArray("phases");
    for (PhaseReport phase : result.phases()) {
      ObjectNode phaseNode = phases.addObject().put("name", phase.name()).put("tookMillis", phase.took().toMillis());
      ArrayNode hosts = phaseNode.putArray("hosts");
      for (HostPhaseResult host : phase.hosts()) {
        ObjectNode hostNode = hosts.addObject().put("host", host.host());
        if (host.error() != null) {
          hostNode.put("error", host.error());
        }
        ArrayNode resources = hostNode.putArray("resources");
        for (ResourceResult resource : host.results()) {
          resources.addObject().put("id", resource.getId())
              .put("status", resource.getStatus().name().replace("RESOURCE_STATUS_", "").toLowerCase(Locale.ROOT))
              .put("message", resource.getMessage()).put("diff", resource.getDiff());
        }
      }
    }
    ObjectNode pending = root.putObject("pendingRestarts");
    for (Map.Entry<String, List<RestartReason>> entry : result.pendingRestarts().entrySet()) {
      ArrayNode reasons = pending.putArray(entry.getKey());
      entry.getValue().forEach(r -> reasons.addObject().put("service", serviceLabel(r)).put("reason", reasonLabel(r))
          .put("detail", r.getDetail()));
    }
    ArrayNode timings = root.putArray("timings");
    result.timings().forEach(t -> timings.addObject().put("step", t.name()).put("tookMillis", t.took().toMillis()));
    com.fasterxml.jackson.databind.node.ArrayNode connectors = root.putArray("connectors");
    result.connectors().forEach(change -> connectors.addObject().put("name", change.connector())
        .put("action", change.action().name().toLowerCase(java.util.Locale.ROOT)).put("detail", change.detail()));
    result.smokeTest().ifPresent(smoke -> root.putObject("smokeTest").put("topic", smoke.topic())
        .put("produced", smoke.produced()).put("consumed", smoke.consumed()).put("passed", smoke.passed())
        .put("tookMillis", smoke.took().toMillis()).put("error", smoke.error()));
    try {
      return JSON.writeValueAsString(root);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
