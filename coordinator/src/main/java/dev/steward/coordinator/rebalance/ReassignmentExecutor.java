package dev.steward.coordinator.rebalance;

import dev.steward.coordinator.gate.WaitClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.common.TopicPartition;

/**
 * Carries out a {@link RebalancePlan}: sets the replication throttle, submits at most
 * {@code maxInFlight} reassignments at a time ({@link ReassignmentSchedule}), polls them for
 * progress, removes the throttle at the end (also when it fails or is interrupted), then runs a
 * preferred leader election. Reassignments already under way when it starts (a crashed run's)
 * are waited for and throttled too, never submitted again (docs/scaling.md).
 */
public final class ReassignmentExecutor {

  /** Progress after every poll. */
  public interface Listener {
    void progress(Progress progress);

    void info(String text);
  }

  /**
   * @param partitionsDone moves finished (of {@code partitions}); {@code bytesMoved} their copied bytes (estimated
   *     from the partitions' sizes)
   */
  public record Progress(int partitionsDone, int partitions, long bytesMoved, long bytes, int inFlight) {
  }

  /** What a run did. */
  public record Result(int partitionsMoved, long bytesMoved, int adopted, Duration took,
      Map<TopicPartition, String> electionProblems) {
  }

  public static final class ExecutionException extends Exception {
    public ExecutionException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** How long a finished reassignment's replicas may differ from its target (stale metadata) before it counts as cancelled. */
  static final Duration METADATA_GRACE = Duration.ofSeconds(30);

  private final ReassignmentCluster cluster;
  private final WaitClock clock;
  private final Duration pollInterval;
  private final Duration timeout;

  /** @param timeout how long the whole run may take; zero waits forever */
  public ReassignmentExecutor(ReassignmentCluster cluster, WaitClock clock, Duration pollInterval, Duration timeout) {
    this.cluster = cluster;
    this.clock = clock;
    this.pollInterval = pollInterval;
    this.timeout = timeout;
  }

  public Result execute(RebalancePlan plan, long throttleRate, int maxInFlight, Listener listener)
      throws ExecutionException, InterruptedException {
    long start = clock.nanoTime();
    Map<TopicPartition, ReassignmentCluster.Ongoing> atStart = call("listing the reassignments under way",
        cluster::ongoing);
    // a crashed run's reassignments: waited for (and throttled), not submitted again
    Map<TopicPartition, Move> mine = new LinkedHashMap<>();
    List<Move> throttled = new ArrayList<>(plan.moves());
    atStart.forEach((tp, ongoing) -> {
      List<Integer> from = new ArrayList<>(ongoing.target());
      from.removeAll(ongoing.adding());
      from.addAll(ongoing.removing());
      throttled.add(new Move(tp, from, ongoing.target(), 0));
    });
    for (Move move : plan.moves()) {
      mine.put(move.partition(), move);
    }
    List<Move> adopted = ReassignmentSchedule.adopted(plan.moves(), atStart.keySet());
    if (!atStart.isEmpty()) {
      listener.info(atStart.size() + " reassignment" + (atStart.size() == 1 ? "" : "s")
          + " already under way (an earlier run's): waiting for them, not submitting them again");
    }
    Throttle throttle = Throttle.of(throttleRate, throttled);
    Set<TopicPartition> submitted = new HashSet<>(adopted.stream().map(Move::partition).toList());
    Set<TopicPartition> done = new TreeSet<>(ReplicaPlacement.ORDER);
    Set<TopicPartition> waitedFor = new HashSet<>(atStart.keySet());
    Map<TopicPartition, Long> mismatchSince = new HashMap<>();
    long bytesMoved = 0;
    try {
      if (!throttle.empty()) {
        call("setting the replication throttle", () -> {
          cluster.throttle(throttle);
          return null;
        });
      }
      List<Move> pending = new ArrayList<>(plan.moves());
      pending.removeIf(m -> submitted.contains(m.partition()));
      while (true) {
        Map<TopicPartition, ReassignmentCluster.Ongoing> underWay = call("listing the reassignments under way",
            cluster::ongoing);
        // finished: submitted (or adopted) and no longer under way
        List<TopicPartition> finished = new ArrayList<>();
        for (TopicPartition tp : submitted) {
          if (!done.contains(tp) && !underWay.containsKey(tp)) {
            finished.add(tp);
          }
        }
        if (!finished.isEmpty()) {
          Map<TopicPartition, List<Integer>> now = call("reading the partitions' replicas",
              () -> cluster.replicas(finished));
          for (TopicPartition tp : finished) {
            Move move = mine.get(tp);
            if (move != null && !move.to().equals(now.get(tp))) {
              // the broker that answered may not have the reassignment's last metadata yet: wait a
              // little for it before calling the reassignment cancelled
              long since = mismatchSince.computeIfAbsent(tp, x -> clock.nanoTime());
              if (Duration.ofNanos(clock.nanoTime() - since).compareTo(METADATA_GRACE) > 0) {
                throw new ExecutionException(tp + ": its reassignment ended with replicas " + now.get(tp) + ", not "
                    + move.to() + " (cancelled by someone else?); run the command again to plan from the placement "
                    + "now", null);
              }
              continue;
            }
            mismatchSince.remove(tp);
            done.add(tp);
            bytesMoved += move == null ? 0 : move.bytes();
          }
        }
        waitedFor.removeIf(tp -> !underWay.containsKey(tp));
        // a reassignment Kafka finished but whose replicas are not confirmed yet still counts
        Set<TopicPartition> busy = new HashSet<>(underWay.keySet());
        submitted.stream().filter(tp -> !done.contains(tp)).forEach(busy::add);
        List<Move> next = ReassignmentSchedule.next(pending, busy, maxInFlight);
        if (!next.isEmpty()) {
          Map<TopicPartition, List<Integer>> targets = new TreeMap<>(ReplicaPlacement.ORDER);
          next.forEach(m -> targets.put(m.partition(), m.to()));
          call("submitting reassignments", () -> {
            cluster.submit(targets);
            return null;
          });
          next.forEach(m -> submitted.add(m.partition()));
          pending.removeAll(next);
        }
        int inFlight = (int) submitted.stream().filter(tp -> !done.contains(tp)).count() + waitedFor.size();
        listener.progress(new Progress(done.size(), plan.moves().size(), bytesMoved, plan.bytes(), inFlight));
        if (pending.isEmpty() && inFlight == 0) {
          break;
        }
        if (!timeout.isZero() && clock.since(start).compareTo(timeout) > 0) {
          throw new ExecutionException("the reassignments did not finish within " + timeout.toSeconds() + "s ("
              + done.size() + " of " + plan.moves().size() + " done); those under way go on: run the command again "
              + "to wait for them and go on", null);
        }
        clock.sleep(pollInterval);
      }
    } finally {
      if (!throttle.empty()) {
        try {
          cluster.removeThrottle(throttle);
          listener.info("replication throttle removed");
        } catch (Exception e) {
          listener.info("removing the replication throttle failed: " + e.getMessage() + " (the next rebalance or "
              + "drain removes it)");
        }
      }
    }
    Set<TopicPartition> elect = new TreeSet<>(ReplicaPlacement.ORDER);
    elect.addAll(mine.keySet());
    elect.addAll(atStart.keySet());
    Map<TopicPartition, String> problems = elect.isEmpty() ? Map.of()
        : call("electing the preferred leaders", () -> cluster.electPreferredLeaders(elect));
    return new Result(done.size(), bytesMoved, atStart.size(), clock.since(start), problems);
  }

  private interface Call<T> {
    T run() throws Exception;
  }

  private static <T> T call(String what, Call<T> call) throws ExecutionException, InterruptedException {
    try {
      return call.run();
    } catch (InterruptedException e) {
      throw e;
    } catch (ExecutionException e) {
      throw e;
    } catch (Exception e) {
      Throwable cause = e instanceof java.util.concurrent.ExecutionException && e.getCause() != null ? e.getCause() : e;
      throw new ExecutionException(what + ": " + cause.getMessage(), cause);
    }
  }
}
