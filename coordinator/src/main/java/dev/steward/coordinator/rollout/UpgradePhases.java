package dev.steward.coordinator.rollout;

import dev.steward.common.inventory.Inventory;
import dev.steward.common.inventory.KafkaVersion;
import dev.steward.coordinator.artifact.KafkaArtifact;
import java.io.IOException;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The two-phase rolling upgrade (docs/rollouts.md, "Upgrades"), decided afresh from what the
 * brokers run every time it is asked, so running it again goes on where the last run stopped:
 * <ol>
 *   <li><b>Phase 1</b>, while a broker runs an older release (or none): every service moves to the
 *       new distribution in start order, brokers with {@code inter.broker.protocol.version}
 *       pinned to the lowest version running. Then the inventory records the version and the
 *       pin, and every broker must be seen running the target.</li>
 *   <li><b>Confirmation</b>: phase 2 is the point of no return (the brokers can no longer go
 *       back), so it starts only when confirmed; unconfirmed, the upgrade rests between the
 *       phases with the pin in the inventory.</li>
 *   <li><b>Phase 2</b>, while a pin below the target's protocol is left: the brokers roll again
 *       without it, and the inventory drops it.</li>
 * </ol>
 */
public final class UpgradePhases {

  /** What the phases do to the cluster: {@link Rollouts}. */
  public interface Actions {
    /** The Kafka release each broker runs now, by host; a broker not running is missing. */
    Map<String, KafkaVersion> runningVersions();

    RolloutState newUpgrade(KafkaVersion target, KafkaArtifact artifact, KafkaVersion from);

    RolloutState newProtocolBump(KafkaVersion target, KafkaArtifact artifact);

    RollingRestart.Outcome start(RolloutState state) throws IOException, InterruptedException,
        Rollouts.RefusedException;

    /** @return a note for the user, empty when there is nothing to say */
    String recordUpgradeInInventory(RolloutState state) throws IOException;

    /** The dry run of a new rollout. */
    String preview(RolloutState state);
  }

  /**
   * Where the phases report to (the command prints it).
   *
   * @param line one line
   * @param text text that ends with its own newline (a dry run's plan)
   * @param rolloutEnded a phase's rollout ended, done or halted: its report
   */
  public record Narrator(Consumer<String> line, Consumer<String> text, Consumer<RollingRestart.Outcome> rolloutEnded) {
  }

  /** How far a run got. */
  public enum Result {
    /** Every broker runs the target with its own protocol (or there is nothing left to bump). */
    DONE,
    /** Phase 1 is done and phase 2 waits for the confirmation. */
    AWAITING_CONFIRMATION,
    /** A phase halted (resumable) or its result could not be verified. */
    FAILED
  }

  /** The target is older than what runs: Steward does not downgrade brokers. */
  public static final class DowngradeException extends Exception {
    private static final long serialVersionUID = 1L;

    DowngradeException(String message) {
      super(message);
    }
  }

  /**
   * Where the upgrade stands.
   *
   * @param from the lowest release running (the inventory's when no broker runs)
   * @param pin the protocol the brokers keep until phase 2, if any
   */
  private record Position(KafkaVersion from, boolean phaseOneLeft, Optional<String> pin, KafkaVersion target) {

    boolean protocolBumpLeft() {
      return pin.isPresent() && !pin.get().equals(target.protocolVersion());
    }

    /** What the brokers can go back to until phase 2: the release running, or once all run the target, the pin. */
    String downgradableTo() {
      return phaseOneLeft ? from.toString() : pin.orElse(from.toString());
    }
  }

  private final Actions actions;
  private final Inventory inventory;
  private final KafkaVersion target;
  private final KafkaArtifact artifact;
  private final Narrator narrator;

  public UpgradePhases(Actions actions, Inventory inventory, KafkaVersion target, KafkaArtifact artifact,
      Narrator narrator) {
    this.actions = actions;
    this.inventory = inventory;
    this.target = target;
    this.artifact = artifact;
    this.narrator = narrator;
  }

  /** Shows the phases still to run, changing nothing; phase 2 is shown whether or not it is confirmed. */
  public void preview(boolean confirmed) throws DowngradeException {
    Position at = position();
    if (at.phaseOneLeft()) {
      narrator.text().accept(actions.preview(actions.newUpgrade(target, artifact, at.from())));
    }
    if (at.protocolBumpLeft()) {
      say(confirmed ? "then phase 2:" : "phase 2 (needs --yes):");
      narrator.text().accept(actions.preview(actions.newProtocolBump(target, artifact)));
    }
  }

  /** Runs the phases still to run: phase 1, then phase 2 when {@code confirmed}. */
  public Result run(boolean confirmed)
      throws DowngradeException, IOException, InterruptedException, Rollouts.RefusedException {
    Position at = position();
    if (at.phaseOneLeft() && !phaseOne(at)) {
      return Result.FAILED;
    }
    if (!at.protocolBumpLeft()) {
      say("Kafka " + target + " everywhere; nothing left to bump");
      return Result.DONE;
    }
    if (!confirmed) {
      say("phase 2 not started: inter.broker.protocol.version is still " + at.pin().get() + ". Bumping it to "
          + target.protocolVersion() + " is the point of no return (the brokers cannot go back to "
          + at.downgradableTo() + " afterwards). When the cluster has run well on " + target + ", run this command "
          + "again with --yes.");
      return Result.AWAITING_CONFIRMATION;
    }
    return phaseTwo(at) ? Result.DONE : Result.FAILED;
  }

  private Position position() throws DowngradeException {
    Map<String, KafkaVersion> running = actions.runningVersions();
    KafkaVersion from = running.values().stream().min(KafkaVersion::compareTo).orElse(inventory.kafka().version());
    if (target.compareTo(from) < 0) {
      throw new DowngradeException(target + " is older than the " + from + " running now; Steward does not "
          + "downgrade brokers");
    }
    boolean phaseOneLeft = running.size() < inventory.brokerHosts().size()
        || running.values().stream().anyMatch(v -> v.compareTo(target) < 0);
    // Between the phases the inventory holds the pin phase 1 recorded.
    Optional<String> pin = phaseOneLeft ? Rollouts.protocolPin(from, target)
        : inventory.kafka().interBrokerProtocolVersion();
    return new Position(from, phaseOneLeft, pin, target);
  }

  /** @return false when the roll halted or not every broker runs the target after it */
  private boolean phaseOne(Position at) throws IOException, InterruptedException, Rollouts.RefusedException {
    say("phase 1: Kafka " + at.from() + " -> " + target
        + at.pin().map(p -> ", inter.broker.protocol.version pinned to " + p).orElse(""));
    RollingRestart.Outcome outcome = actions.start(actions.newUpgrade(target, artifact, at.from()));
    narrator.rolloutEnded().accept(outcome);
    if (!outcome.completed()) {
      return false;
    }
    note(actions.recordUpgradeInInventory(outcome.state()));
    Collection<KafkaVersion> after = actions.runningVersions().values();
    if (after.size() < inventory.brokerHosts().size() || after.stream().anyMatch(v -> !v.equals(target))) {
      say("verification FAILED: brokers run " + after + ", expected " + target + " everywhere");
      return false;
    }
    say("verified: every broker runs Kafka " + target);
    return true;
  }

  /** @return false when the roll halted */
  private boolean phaseTwo(Position at) throws IOException, InterruptedException, Rollouts.RefusedException {
    say("phase 2: inter.broker.protocol.version " + at.pin().get() + " -> " + target.protocolVersion());
    RollingRestart.Outcome bump = actions.start(actions.newProtocolBump(target, artifact));
    narrator.rolloutEnded().accept(bump);
    if (bump.completed()) {
      note(actions.recordUpgradeInInventory(bump.state()));
    }
    return bump.completed();
  }

  private void say(String line) {
    narrator.line().accept(line);
  }

  private void note(String note) {
    if (!note.isEmpty()) {
      say(note);
    }
  }
}
