package dev.steward.coordinator.lag;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.steward.coordinator.status.TextTable;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * Prints groups' lag: a table per group for people (a "-" where there is no number, as
 * kafka-consumer-groups.sh prints it), or JSON for machines, where the same absence is null.
 */
public final class LagFormatter {

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final String NONE = "-";

  private LagFormatter() {
  }

  public static String text(List<GroupLag> groups) {
    if (groups.isEmpty()) {
      return "no consumer groups\n";
    }
    StringBuilder text = new StringBuilder();
    for (GroupLag group : groups) {
      if (text.length() > 0) {
        text.append('\n');
      }
      text.append("group ").append(group.group()).append(": ").append(group.state()).append(", ")
          .append(group.members()).append(group.members() == 1 ? " member" : " members")
          .append(", total lag ").append(group.totalLag()).append('\n');
      if (!group.hasPartitions()) {
        text.append("  no assigned partitions and no committed offsets\n");
        continue;
      }
      text.append(TextTable.render(List.of("TOPIC", "PARTITION", "COMMITTED", "LOG-END", "LAG", "CLIENT-ID", "HOST"),
          rows(group)));
    }
    return text.toString();
  }

  private static List<List<String>> rows(GroupLag group) {
    List<List<String>> rows = new ArrayList<>();
    for (TopicLag topic : group.topics()) {
      for (PartitionLag row : topic.partitions()) {
        rows.add(List.of(topic.topic(), Integer.toString(row.partition().partition()), number(row.committedOffset()),
            number(row.logEndOffset()), number(row.lag()), row.owner().map(GroupMember::clientId).orElse(NONE),
            row.owner().map(GroupMember::host).orElse(NONE)));
      }
      rows.add(List.of(topic.topic(), "total", "", "", Long.toString(topic.totalLag()), "", ""));
    }
    return rows;
  }

  private static String number(OptionalLong value) {
    return value.isPresent() ? Long.toString(value.getAsLong()) : NONE;
  }

  public static ObjectNode json(List<GroupLag> groups) {
    ObjectNode root = JSON.createObjectNode();
    ArrayNode groupNodes = root.putArray("groups");
    for (GroupLag group : groups) {
      ObjectNode groupNode = groupNodes.addObject();
      groupNode.put("group", group.group());
      groupNode.put("state", group.state());
      groupNode.put("members", group.members());
      groupNode.put("totalLag", group.totalLag());
      ArrayNode topicNodes = groupNode.putArray("topics");
      for (TopicLag topic : group.topics()) {
        ObjectNode topicNode = topicNodes.addObject();
        topicNode.put("topic", topic.topic());
        topicNode.put("totalLag", topic.totalLag());
        ArrayNode partitionNodes = topicNode.putArray("partitions");
        for (PartitionLag row : topic.partitions()) {
          ObjectNode partitionNode = partitionNodes.addObject();
          partitionNode.put("partition", row.partition().partition());
          putNumber(partitionNode, "committedOffset", row.committedOffset());
          putNumber(partitionNode, "logEndOffset", row.logEndOffset());
          putNumber(partitionNode, "lag", row.lag());
          if (row.owner().isPresent()) {
            GroupMember owner = row.owner().get();
            partitionNode.putObject("member").put("memberId", owner.memberId()).put("clientId", owner.clientId())
                .put("host", owner.host());
          } else {
            partitionNode.putNull("member");
          }
        }
      }
    }
    return root;
  }

  public static String jsonText(List<GroupLag> groups) {
    try {
      return JSON.writeValueAsString(json(groups)) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void putNumber(ObjectNode node, String field, OptionalLong value) {
    if (value.isPresent()) {
      node.put(field, value.getAsLong());
    } else {
      node.putNull(field);
    }
  }
}
