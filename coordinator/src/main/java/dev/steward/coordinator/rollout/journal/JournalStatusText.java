package dev.steward.coordinator.rollout.journal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What `rollout status` says about the lock and the journal's source, besides the rollout
 * itself ({@code RolloutReport}): who holds the lock, a rollout whose holder is gone, a
 * journal read from this machine's cache.
 */
public final class JournalStatusText {

  private JournalStatusText() {
  }

  /** Printed before the rollout: where it was read from, when that matters. */
  public static Optional<String> sourceNote(JournalSnapshot snapshot) {
    return snapshot.note().map(note -> "note: " + note);
  }

  /** Printed after the rollout: the lock's holder, or the holder that is gone and what to do. */
  public static List<String> lockLines(JournalSnapshot snapshot, String inventoryFile) {
    List<String> lines = new ArrayList<>();
    snapshot.lockHolder().ifPresent(holder -> lines.add("lock: held by " + holder.describe() + " (Steward "
        + holder.version() + ", state directory " + holder.stateDirectory() + ")"));
    if (snapshot.holderGone()) {
      String id = snapshot.last().orElseThrow().id();
      String who = snapshot.recordedHolder()
          .map(h -> " (" + h.host() + ", pid " + h.pid() + ", since " + Instant.ofEpochMilli(h.since()) + ")")
          .orElse("");
      lines.add("rollout " + id + " is halted: its holder is gone" + who + "; run `steward rollout resume -i "
          + inventoryFile + "`");
    }
    return lines;
  }

  /** The same, as fields of the rollout's JSON. */
  public static void addTo(ObjectNode json, JournalSnapshot snapshot) {
    ObjectNode journal = json.putObject("journal");
    journal.put("source", snapshot.source().name().toLowerCase(Locale.ROOT).replace('_', '-'));
    journal.put("location", snapshot.location());
    snapshot.note().ifPresent(note -> journal.put("note", note));
    if (snapshot.lockHolder().isPresent()) {
      json.set("lock", JournalRecord.JSON.valueToTree(snapshot.lockHolder().get()));
    } else {
      json.putNull("lock");
    }
    snapshot.recordedHolder().ifPresent(holder -> json.set("holder", JournalRecord.JSON.valueToTree(holder)));
    json.put("holderGone", snapshot.holderGone());
  }
}
