package dev.steward.common.service;

import dev.steward.agent.v1.ServiceName;
import java.util.Locale;

/**
 * Short names of the managed services ("kafka-connect"): the one mapping behind unit file
 * names, resource ids, the agent's state files and messages.
 */
public final class ServiceNames {

  /**
   * What {@code steward logs HOST agent} names: the agent's own log, which every host has. Not a
   * managed service; the agent reads it where it knows it is (its unit, its --log-file).
   */
  public static final String AGENT_LOG = "agent";

  private ServiceNames() {
  }

  public static String shortName(ServiceName service) {
    return switch (service) {
      case SERVICE_NAME_ZOOKEEPER -> "zookeeper";
      case SERVICE_NAME_KAFKA -> "kafka";
      case SERVICE_NAME_KAFKA_CONNECT -> "kafka-connect";
      default -> service.name().toLowerCase(Locale.ROOT);
    };
  }

  /** True for the services the agent manages (not UNSPECIFIED, not an unknown number). */
  public static boolean isManaged(ServiceName service) {
    return service != null && service != ServiceName.SERVICE_NAME_UNSPECIFIED && service != ServiceName.UNRECOGNIZED;
  }
}
