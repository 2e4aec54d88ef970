package dev.steward.coordinator.probe;

import dev.steward.agent.v1.ServiceName;
import dev.steward.agent.v1.ServiceStatus;
import dev.steward.common.inventory.HostSpec;
import dev.steward.common.inventory.KafkaVersion;
import dev.steward.coordinator.agent.Fleet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Kafka release each running broker was started from. The agent reports the directory a
 * service runs in (its working directory: the link /opt/kafka resolved when it started), so
 * this is what really runs, not what the link says now.
 */
public final class RunningVersions {

  private static final Pattern DISTRIBUTION_DIR = Pattern.compile("kafka_[0-9.]+-(\\d+\\.\\d+\\.\\d+)");

  private RunningVersions() {
  }

  /** By host name; brokers that are not running, or whose agent does not answer, are absent. */
  public static Map<String, KafkaVersion> of(Fleet fleet, List<HostSpec> brokers) {
    Map<String, KafkaVersion> versions = new LinkedHashMap<>();
    Map<HostSpec, Fleet.Outcome<ServiceStatus>> statuses = fleet.readEach(brokers,
        agent -> agent.serviceStatus(ServiceName.SERVICE_NAME_KAFKA));
    statuses.forEach((host, outcome) -> {
      if (outcome.ok()) {
        parse(outcome.value().getRunningFrom()).ifPresent(v -> versions.put(host.name(), v));
      }
    });
    return versions;
  }

  /** "/opt/kafka_2.13-3.8.1" -> 3.8.1. */
  public static Optional<KafkaVersion> parse(String runningFrom) {
    Matcher m = DISTRIBUTION_DIR.matcher(runningFrom == null ? "" : runningFrom);
    return m.find() ? Optional.of(KafkaVersion.parse(m.group(1))) : Optional.empty();
  }
}
