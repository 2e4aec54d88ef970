package dev.steward.coordinator.mirror;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.steward.coordinator.connect.ConnectorStatus;
import dev.steward.coordinator.connect.TaskStatus;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code steward mirror status} in plain text (tables) or JSON. */
public final class MirrorStatusReport {

  private MirrorStatusReport() {
  }

  public static String text(List<MirrorStatus> mirrors) {
    StringBuilder out = new StringBuilder();
    for (MirrorStatus mirror : mirrors) {
      out.append("mirror ").append(mirror.name()).append(": from ").append(mirror.sourceAlias()).append(" (")
          .append(mirror.sourceBootstrapServers()).append("), policy ").append(mirror.policy()).append('\n');
      for (Map.Entry<String, Optional<ConnectorStatus>> connector : mirror.connectors().entrySet()) {
        out.append(String.format("  %-40s %s%n", connector.getKey(), connector.getValue()
            .map(MirrorStatusReport::describe).orElse("MISSING (run steward apply)")));
      }
      mirror.problem().ifPresent(p -> out.append("  cannot read the offsets: ").append(p).append('\n'));
      if (!mirror.topics().isEmpty()) {
        out.append(String.format("  %-30s %-36s %11s %11s %8s  %s%n", "TOPIC", "MIRRORED AS", "SOURCE END",
            "TARGET END", "LAG", "LAST OFFSET SYNCED (partition: source -> target)"));
        for (MirrorStatus.TopicMirror topic : mirror.topics()) {
          StringBuilder syncs = new StringBuilder();
          for (MirroredPartition p : topic.partitions()) {
            syncs.append(syncs.length() == 0 ? "" : "  ").append(p.partition()).append(": ")
                .append(p.lastSync().map(s -> s.upstream() + " -> " + s.downstream()).orElse("none"));
          }
          out.append(String.format("  %-30s %-36s %11d %11s %8d  %s%n", topic.sourceTopic(), topic.targetTopic(),
              topic.sourceEnd(), topic.partitions().stream().allMatch(p -> p.targetEnd().isPresent())
                  ? Long.toString(topic.targetEnd()) : "missing", topic.lag(), syncs));
        }
      } else if (mirror.problem().isEmpty()) {
        out.append("  no topic of the source matches the mirror's topics\n");
      }
      if (!mirror.groups().isEmpty()) {
        out.append(String.format("  %-30s %-36s %9s %16s %22s %16s%n", "GROUP", "TOPIC", "PARTITION",
            "SOURCE COMMITTED", "CHECKPOINT src -> tgt", "TARGET COMMITTED"));
        for (TranslatedOffset g : mirror.groups()) {
          out.append(String.format("  %-30s %-36s %9d %16s %22s %16s%n", g.group(), g.targetTopic(), g.partition(),
              text(g.sourceCommitted()), g.translated().isPresent()
                  ? g.checkpointUpstream().orElseThrow() + " -> " + g.translated().get() : "none",
              text(g.targetCommitted())));
        }
      }
    }
    return out.toString();
  }

  public static ObjectNode json(ObjectMapper mapper, List<MirrorStatus> mirrors) {
    ObjectNode root = mapper.createObjectNode();
    ArrayNode list = root.putArray("mirrors");
    for (MirrorStatus mirror : mirrors) {
      ObjectNode m = list.addObject().put("name", mirror.name()).put("sourceAlias", mirror.sourceAlias())
          .put("source", mirror.sourceBootstrapServers()).put("policy", mirror.policy())
          .put("healthy", mirror.healthy());
      mirror.problem().ifPresent(p -> m.put("problem", p));
      ArrayNode connectors = m.putArray("connectors");
      mirror.connectors().forEach((name, status) -> {
        ObjectNode c = connectors.addObject().put("name", name).put("state", status.map(ConnectorStatus::state)
            .orElse("MISSING"));
        ArrayNode tasks = c.putArray("tasks");
        status.ifPresent(s -> s.tasks().forEach(t -> tasks.addObject().put("id", t.id()).put("state", t.state())
            .put("worker", t.workerId())));
      });
      ArrayNode topics = m.putArray("topics");
      for (MirrorStatus.TopicMirror topic : mirror.topics()) {
        ObjectNode t = topics.addObject().put("topic", topic.sourceTopic()).put("targetTopic", topic.targetTopic())
            .put("sourceEnd", topic.sourceEnd()).put("targetEnd", topic.targetEnd()).put("lag", topic.lag());
        ArrayNode partitions = t.putArray("partitions");
        for (MirroredPartition p : topic.partitions()) {
          ObjectNode pn = partitions.addObject().put("partition", p.partition()).put("sourceEnd", p.sourceEnd())
              .put("lag", p.lag());
          p.targetEnd().ifPresentOrElse(end -> pn.put("targetEnd", end), () -> pn.putNull("targetEnd"));
          p.lastSync().ifPresentOrElse(s -> pn.putObject("lastSync").put("upstream", s.upstream())
              .put("downstream", s.downstream()), () -> pn.putNull("lastSync"));
        }
      }
      ArrayNode groups = m.putArray("groups");
      for (TranslatedOffset g : mirror.groups()) {
        ObjectNode gn = groups.addObject().put("group", g.group()).put("topic", g.sourceTopic())
            .put("targetTopic", g.targetTopic()).put("partition", g.partition());
        put(gn, "sourceCommitted", g.sourceCommitted());
        put(gn, "checkpointUpstream", g.checkpointUpstream());
        put(gn, "translated", g.translated());
        put(gn, "targetCommitted", g.targetCommitted());
      }
    }
    return root;
  }

  private static void put(ObjectNode node, String key, Optional<Long> value) {
    value.ifPresentOrElse(v -> node.put(key, v), () -> node.putNull(key));
  }

  private static String text(Optional<Long> value) {
    return value.map(String::valueOf).orElse("-");
  }

  private static String describe(ConnectorStatus status) {
    long running = status.tasks().stream().filter(TaskStatus::running).count();
    String line = status.state() + ", " + running + "/" + status.tasks().size() + " tasks running";
    for (TaskStatus failed : status.failedTasks()) {
      String trace = failed.trace() == null ? "" : failed.trace().lines().findFirst().orElse("");
      line += "; task " + failed.id() + " FAILED: " + trace;
    }
    return line;
  }
}
