package dev.steward.coordinator.adopt;

import java.util.List;
import java.util.Set;

/**
 * Something Steward does differently from the hand-built cluster, which adopting leaves alone and
 * only {@code apply} carries out (through the rolling restart when a running service is affected).
 *
 * @param name a stable name, e.g. {@code unit-type-forking}
 * @param hosts the hosts it concerns
 * @param description what is there, what Steward does instead, and why
 * @param configKeys the configuration keys whose rendered value this change explains (empty for
 *     changes outside the configuration files)
 */
public record PendingChange(String name, List<String> hosts, String description, Set<String> configKeys) {

  public PendingChange {
    hosts = List.copyOf(hosts);
    configKeys = Set.copyOf(configKeys);
  }

  public static final String UNIT_TYPE_FORKING = "unit-type-forking";
  public static final String UNIT_REQUIRES_ZOOKEEPER = "unit-requires-zookeeper";
  public static final String UNIT_MISSING = "unit-missing";
  public static final String KAFKA_HOME_NOT_A_LINK = "kafka-home-not-a-link";
  public static final String ZOOKEEPER_FOUR_LETTER_WORDS = "zookeeper-four-letter-words";
  public static final String CONTROLLED_SHUTDOWN = "controlled-shutdown";
  public static final String SETTING_ADDED = "setting-added";
  public static final String CONFIG_MISMATCH = "config-mismatch";
}
