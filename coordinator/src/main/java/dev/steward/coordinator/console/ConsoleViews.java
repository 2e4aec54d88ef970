package dev.steward.coordinator.console;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.steward.coordinator.lag.GroupLag;
import dev.steward.coordinator.lag.PartitionLag;
import dev.steward.coordinator.lag.TopicLag;
import dev.steward.coordinator.probe.KafkaSnapshot;
import dev.steward.coordinator.probe.PartitionState;
import dev.steward.coordinator.rollout.RolloutReport;
import dev.steward.coordinator.rollout.RolloutState;
import dev.steward.coordinator.rollout.journal.JournalStatusText;
import dev.steward.coordinator.status.HostStatus;
import dev.steward.coordinator.status.StatusFormatter;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The console's one JSON document, pure: {@code status} is exactly what {@code steward status -o json}
 * prints (the overview reads it), then what the other pages need: {@code brokers}, {@code topics},
 * {@code groups} (per partition, with the lag history for the chart), {@code rollouts}. Jackson
 * escapes every string; the browser inserts them as text only.
 */
public final class ConsoleViews {

  private static final ObjectMapper JSON = new ObjectMapper();

  private ConsoleViews() {
  }

  public static String render(ConsoleSnapshot snapshot, LagHistory history, boolean actionsAllowed) {
    try {
      return JSON.writeValueAsString(json(snapshot, history, actionsAllowed));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  public static ObjectNode json(ConsoleSnapshot snapshot, LagHistory history, boolean actionsAllowed) {
    ObjectNode root = JSON.createObjectNode();
    ObjectNode meta = root.putObject("meta");
    meta.put("takenAt", snapshot.takenAt().toString());
    meta.put("takenAtMillis", snapshot.takenAt().toEpochMilli());
    meta.put("collectMillis", snapshot.collectMillis());
    meta.put("actionsAllowed", actionsAllowed);
    ArrayNode problems = meta.putArray("problems");
    snapshot.problems().forEach(problems::add);
    root.set("status", StatusFormatter.json(snapshot.status()));
    root.set("brokers", brokers(snapshot));
    root.set("topics", topics(snapshot));
    root.set("groups", groups(snapshot.status().inputs().lag(), history));
    root.set("rollouts", rollouts(snapshot));
    return root;
  }

  static ArrayNode brokers(ConsoleSnapshot snapshot) {
    ArrayNode brokers = JSON.createArrayNode();
    List<PartitionState> partitions = snapshot.kafka().map(KafkaSnapshot::partitions).orElse(List.of());
    int controller = snapshot.status().cluster().controller().orElse(-1);
    for (HostStatus host : snapshot.status().hosts()) {
      if (host.brokerId().isEmpty()) {
        continue;
      }
      int id = host.brokerId().get();
      ObjectNode broker = brokers.addObject();
      broker.put("id", id);
      broker.put("host", host.name());
      broker.put("address", host.address());
      broker.put("registered", host.brokerRegistered().orElse(false));
      broker.put("down", host.brokerDown());
      broker.put("state", host.describeBroker());
      broker.put("controller", id == controller);
      broker.put("partitions", partitions.stream().filter(p -> p.replicas().contains(id)).count());
      broker.put("leaders", partitions.stream().filter(p -> p.leader() == id).count());
      ArrayNode disks = broker.putArray("disks");
      for (HostStatus.DiskSpace disk : host.disks()) {
        disks.addObject().put("path", disk.path()).put("usableBytes", disk.usableBytes())
            .put("totalBytes", disk.totalBytes()).put("usedBytes", disk.totalBytes() - disk.usableBytes());
      }
      ArrayNode logDirs = broker.putArray("logDirs");
      snapshot.logDirs().getOrDefault(id, List.of()).forEach(dir ->
          logDirs.addObject().put("path", dir.path()).put("kafkaBytes", dir.usedBytes()));
    }
    return brokers;
  }

  static ArrayNode topics(ConsoleSnapshot snapshot) {
    ArrayNode topics = JSON.createArrayNode();
    Map<String, List<PartitionState>> byTopic = new TreeMap<>();
    snapshot.kafka().ifPresent(kafka -> kafka.partitions().forEach(p ->
        byTopic.computeIfAbsent(p.topic(), t -> new java.util.ArrayList<>()).add(p)));
    byTopic.forEach((name, partitions) -> {
      ObjectNode topic = topics.addObject();
      topic.put("name", name);
      topic.put("partitions", partitions.size());
      topic.put("replicationFactor", partitions.get(0).replicas().size());
      topic.put("underReplicated", partitions.stream().filter(PartitionState::underReplicated).count());
      topic.put("offline", partitions.stream().filter(PartitionState::offline).count());
      ConsoleSnapshot.TopicFacts facts = snapshot.topics().get(name);
      if (facts != null) {
        topic.put("sizeBytes", facts.sizeBytes());
        ObjectNode configs = topic.putObject("configs");
        new TreeMap<>(facts.configs()).forEach(configs::put);
      } else {
        topic.putNull("sizeBytes");
        topic.putObject("configs");
      }
      ArrayNode list = topic.putArray("partitionList");
      for (PartitionState p : partitions) {
        ObjectNode node = list.addObject().put("partition", p.partition()).put("leader", p.leader());
        ArrayNode replicas = node.putArray("replicas");
        p.replicas().forEach(replicas::add);
        ArrayNode isr = node.putArray("isr");
        p.isr().forEach(isr::add);
      }
    });
    return topics;
  }

  static ArrayNode groups(List<GroupLag> lag, LagHistory history) {
    ArrayNode groups = JSON.createArrayNode();
    for (GroupLag group : lag) {
      ObjectNode g = groups.addObject().put("group", group.group()).put("state", group.state())
          .put("members", group.members()).put("totalLag", group.totalLag());
      ArrayNode partitions = g.putArray("partitions");
      for (TopicLag topic : group.topics()) {
        for (PartitionLag p : topic.partitions()) {
          ObjectNode node = partitions.addObject().put("topic", p.partition().topic())
              .put("partition", p.partition().partition());
          putOptional(node, "committed", p.committedOffset());
          putOptional(node, "logEnd", p.logEndOffset());
          putOptional(node, "lag", p.lag());
          node.put("owner", p.owner().map(m -> m.clientId() + " " + m.host()).orElse(""));
        }
      }
      ArrayNode points = g.putArray("history");
      history.of(group.group()).forEach(point -> points.addArray().add(point.epochMillis()).add(point.lag()));
    }
    return groups;
  }

  static ObjectNode rollouts(ConsoleSnapshot snapshot) {
    ObjectNode rollouts = JSON.createObjectNode();
    long now = snapshot.takenAt().toEpochMilli();
    if (snapshot.rollout().isPresent() && snapshot.rollout().get().last().isPresent()) {
      ObjectNode last = RolloutReport.json(snapshot.rollout().get().last().get(), now);
      JournalStatusText.addTo(last, snapshot.rollout().get());
      rollouts.set("last", last);
    } else {
      rollouts.putNull("last");
    }
    ArrayNode history = rollouts.putArray("history");
    for (RolloutState state : snapshot.history()) {
      history.add(RolloutReport.json(state, now));
    }
    return rollouts;
  }

  private static void putOptional(ObjectNode node, String field, java.util.OptionalLong value) {
    if (value.isPresent()) {
      node.put(field, value.getAsLong());
    } else {
      node.putNull(field);
    }
  }
}
