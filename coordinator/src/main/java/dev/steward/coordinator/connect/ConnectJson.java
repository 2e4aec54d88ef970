package dev.steward.coordinator.connect;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Maps the JSON shapes of the Connect REST API (Kafka 3.9) onto this package's records. */
final class ConnectJson {

  /** The JSON parsed, but is not the shape Connect answers with. */
  static final class UnexpectedShapeException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    UnexpectedShapeException(String message) {
      super(message);
    }
  }

  private ConnectJson() {
  }

  static WorkerInfo workerInfo(JsonNode root) {
    requireObject(root, "worker info");
    return new WorkerInfo(text(root, "version"), text(root, "commit"), text(root, "kafka_cluster_id"));
  }

  /** Null when the body is not a health answer (e.g. a proxy's error page), so the caller can tell. */
  static WorkerHealth health(int httpStatus, JsonNode body) {
    String status = text(body, "status");
    if (status == null) {
      return null;
    }
    return new WorkerHealth(httpStatus == 200 && "healthy".equals(status), status, text(body, "message"));
  }

  static List<String> names(JsonNode array) {
    if (!array.isArray()) {
      throw new UnexpectedShapeException("expected a JSON array of connector names, got " + array.getNodeType());
    }
    List<String> names = new ArrayList<>();
    array.forEach(name -> names.add(name.asText()));
    return List.copyOf(names);
  }

  /** The answer to {@code GET /connectors?expand=status}: {name: {"status": {...}}}, sorted by name. */
  static Map<String, ConnectorStatus> statuses(JsonNode byName) {
    requireObject(byName, "connector statuses");
    Map<String, ConnectorStatus> statuses = new TreeMap<>();
    for (Map.Entry<String, JsonNode> entry : byName.properties()) {
      JsonNode status = entry.getValue().path("status");
      if (status.isMissingNode()) {
        throw new UnexpectedShapeException("no \"status\" for connector " + entry.getKey()
            + " (was the request sent without expand=status?)");
      }
      statuses.put(entry.getKey(), connectorStatus(status, entry.getKey()));
    }
    return Collections.unmodifiableMap(statuses);
  }

  static ConnectorStatus connectorStatus(JsonNode status, String requestedName) {
    requireObject(status, "connector status");
    JsonNode connector = status.path("connector");
    requireObject(connector, "\"connector\" of a connector status");
    String name = text(status, "name");
    List<TaskStatus> tasks = new ArrayList<>();
    for (JsonNode task : status.path("tasks")) {
      if (!task.path("id").canConvertToInt()) {
        throw new UnexpectedShapeException("a task of connector " + requestedName + " has no numeric \"id\"");
      }
      tasks.add(new TaskStatus(task.path("id").asInt(), required(task, "state"), text(task, "worker_id"),
          text(task, "trace")));
    }
    return new ConnectorStatus(name == null ? requestedName : name, required(connector, "state"),
        text(connector, "worker_id"), text(status, "type"), tasks);
  }

  /** A connector's configuration; Connect answers every value as a string. */
  static Map<String, String> config(JsonNode config) {
    requireObject(config, "connector config");
    Map<String, String> values = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> entry : config.properties()) {
      values.put(entry.getKey(), entry.getValue().asText());
    }
    return Collections.unmodifiableMap(values);
  }

  /** Connect's error answer is {"error_code": 409, "message": "..."}; null when the body is not that. */
  static String errorMessage(JsonNode body) {
    return text(body, "message");
  }

  private static void requireObject(JsonNode node, String what) {
    if (!node.isObject()) {
      throw new UnexpectedShapeException("expected a JSON object for the " + what + ", got " + node.getNodeType());
    }
  }

  private static String required(JsonNode node, String field) {
    String value = text(node, field);
    if (value == null) {
      throw new UnexpectedShapeException("no \"" + field + "\" in " + node);
    }
    return value;
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.path(field);
    return value.isValueNode() && !value.isNull() ? value.asText() : null;
  }
}
