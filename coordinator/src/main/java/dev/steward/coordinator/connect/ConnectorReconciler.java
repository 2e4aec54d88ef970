package dev.steward.coordinator.connect;

import dev.steward.common.inventory.ConnectorSpec;
import dev.steward.common.inventory.Inventory;
import dev.steward.common.service.ConnectSecrets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Brings the connectors of a Connect cluster to the inventory's {@code connectors}: creates or
 * updates a connector only when its effective config differs (Connect restarts a connector on
 * every config write, so an unconditional PUT would restart every connector on every apply),
 * then holds it in its declared state. Connectors that run but are not declared are reported, and
 * deleted only when asked to prune. Decisions are pure ({@link #decide}); the REST calls follow them.
 */
public final class ConnectorReconciler {

  /** What happens to one connector. */
  public enum Action {
    UNCHANGED, CREATE, UPDATE, PAUSE, RESUME, STOP, UNDECLARED, DELETE
  }

  /**
   * @param detail for an update, which keys differ (values of secrets never shown: they are references)
   */
  public record Change(String connector, Action action, String detail) {
  }

  /** Debezium's heartbeat keeps an idle or filtered database from piling up WAL behind the slot. */
  static final String HEARTBEAT_KEY = "heartbeat.interval.ms";
  static final String HEARTBEAT_DEFAULT = "10000";

  private final Inventory inventory;
  private final Function<String, String> secretFile;

  /**
   * @param secretFile the real path of a secret's file on the workers (the same on every worker)
   */
  public ConnectorReconciler(Inventory inventory, Function<String, String> secretFile) {
    this.inventory = inventory;
    this.secretFile = secretFile;
  }

  /** The config Connect should hold for {@code connector}, exactly as its REST API returns it. */
  public Map<String, String> effectiveConfig(ConnectorSpec connector) {
    Map<String, String> config = new TreeMap<>();
    connector.config().forEach((key, value) -> config.put(key, ConnectSecrets.resolveReferences(value, secretFile)));
    if (connector.isDebeziumPostgres()) {
      config.putIfAbsent(HEARTBEAT_KEY, HEARTBEAT_DEFAULT);
    }
    config.put("connector.class", connector.className());
    config.put("tasks.max", Integer.toString(connector.tasksMax()));
    config.put("name", connector.name());
    return config;
  }

  /**
   * The changes from what runs to what the inventory declares.
   *
   * @param currentConfigs every connector's current config, by name
   * @param states every connector's current state (RUNNING, PAUSED, STOPPED, FAILED, UNASSIGNED)
   */
  public List<Change> decide(Map<String, Map<String, String>> currentConfigs, Map<String, String> states,
      boolean prune) {
    List<Change> changes = new ArrayList<>();
    for (ConnectorSpec connector : inventory.managedConnectors()) {
      Map<String, String> desired = effectiveConfig(connector);
      Map<String, String> current = currentConfigs.get(connector.name());
      if (current == null) {
        changes.add(new Change(connector.name(), Action.CREATE, connector.className()));
      } else if (!new TreeMap<>(current).equals(desired)) {
        changes.add(new Change(connector.name(), Action.UPDATE, describeDifference(current, desired)));
      }
      stateChange(connector, current == null ? "RUNNING" : states.getOrDefault(connector.name(), "RUNNING"))
          .ifPresent(changes::add);
      if (current != null && changes.stream().noneMatch(c -> c.connector().equals(connector.name()))) {
        changes.add(new Change(connector.name(), Action.UNCHANGED, ""));
      }
    }
    for (String running : new TreeMap<>(currentConfigs).keySet()) {
      if (inventory.managedConnectors().stream().noneMatch(c -> c.name().equals(running))) {
        changes.add(prune ? new Change(running, Action.DELETE, "not declared; --prune")
            : new Change(running, Action.UNDECLARED, "runs but is not in the inventory; `apply --prune` deletes it"));
      }
    }
    return changes;
  }

  private static Optional<Change> stateChange(ConnectorSpec connector, String current) {
    return switch (connector.state()) {
      case "paused" -> "PAUSED".equals(current) ? Optional.empty()
          : Optional.of(new Change(connector.name(), Action.PAUSE, current + " -> PAUSED"));
      case "stopped" -> "STOPPED".equals(current) ? Optional.empty()
          : Optional.of(new Change(connector.name(), Action.STOP, current + " -> STOPPED"));
      default -> "PAUSED".equals(current) || "STOPPED".equals(current)
          ? Optional.of(new Change(connector.name(), Action.RESUME, current + " -> RUNNING")) : Optional.empty();
    };
  }

  private static String describeDifference(Map<String, String> current, Map<String, String> desired) {
    List<String> keys = new ArrayList<>();
    Map<String, String> all = new TreeMap<>(current);
    all.putAll(desired);
    for (String key : all.keySet()) {
      String now = current.get(key);
      String wanted = desired.get(key);
      if (now == null) {
        keys.add("+" + key);
      } else if (wanted == null) {
        keys.add("-" + key);
      } else if (!now.equals(wanted)) {
        keys.add("~" + key);
      }
    }
    return String.join(" ", keys);
  }

  /** Reads what runs, decides, and carries the changes out (unless {@code dryRun}) through {@code client}. */
  public List<Change> reconcile(ConnectRestClient client, boolean prune, boolean dryRun) {
    Map<String, ConnectorStatus> statuses = client.statuses();
    Map<String, Map<String, String>> configs = new LinkedHashMap<>();
    Map<String, String> states = new LinkedHashMap<>();
    statuses.forEach((name, status) -> {
      configs.put(name, client.config(name));
      states.put(name, status.state());
    });
    List<Change> changes = decide(configs, states, prune);
    if (!dryRun) {
      for (Change change : changes) {
        carryOut(client, change);
      }
    }
    return changes;
  }

  private void carryOut(ConnectRestClient client, Change change) {
    switch (change.action()) {
      case CREATE, UPDATE -> {
        ConnectorSpec connector = inventory.managedConnectors().stream().filter(c -> c.name().equals(change.connector()))
            .findFirst().orElseThrow();
        client.putConfig(connector.name(), effectiveConfig(connector));
      }
      case PAUSE -> client.pause(change.connector());
      case RESUME -> client.resume(change.connector());
      case STOP -> client.stop(change.connector());
      case DELETE -> client.delete(change.connector());
      default -> {
      }
    }
  }
}
