package dev.steward.coordinator.rollout.journal;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.steward.coordinator.rollout.RolloutState;
import java.io.IOException;
import java.util.Optional;

/**
 * A journal entry as stored: the {@link RolloutState} JSON, plus a {@code holder} field naming
 * the coordinator that wrote it. The extra field keeps the entry readable as a plain
 * RolloutState, and tells `rollout status` who drove a rollout whose lock has since gone.
 */
public record JournalRecord(RolloutState state, Optional<LockHolder> holder) {

  static final ObjectMapper JSON = new ObjectMapper()
      .enable(SerializationFeature.INDENT_OUTPUT)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private static final String HOLDER = "holder";

  public byte[] encode() {
    ObjectNode tree = JSON.valueToTree(state);
    holder.ifPresent(h -> tree.set(HOLDER, JSON.valueToTree(h)));
    try {
      return JSON.writeValueAsBytes(tree);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("a rollout state always serializes", e);
    }
  }

  public static JournalRecord decode(byte[] data, String where) throws IOException {
    try {
      ObjectNode tree = (ObjectNode) JSON.readTree(data);
      Optional<LockHolder> holder = tree.hasNonNull(HOLDER)
          ? Optional.of(JSON.treeToValue(tree.remove(HOLDER), LockHolder.class)) : Optional.empty();
      return new JournalRecord(JSON.treeToValue(tree, RolloutState.class), holder);
    } catch (IOException | ClassCastException e) {
      throw new IOException("the rollout journal entry " + where + " is not a rollout: " + e.getMessage());
    }
  }

  static byte[] encodeHolder(LockHolder holder) {
    try {
      return JSON.writeValueAsBytes(holder);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("a lock holder always serializes", e);
    }
  }

  /** The holder named by a lock node, or a placeholder when its data cannot be read. */
  static LockHolder decodeHolder(byte[] data) {
    try {
      return JSON.readValue(data, LockHolder.class);
    } catch (IOException | RuntimeException e) {
      return new LockHolder("an unknown host (unreadable lock data)", -1, "?", 0, "?");
    }
  }
}
