package dev.steward.coordinator.rebalance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steward.coordinator.gate.WaitClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class ReassignmentExecutorTest {

  /** Reassignments finish one poll after they were submitted (or after {@code pollsToFinish}). */
  static final class FakeCluster implements ReassignmentCluster {
    final Map<TopicPartition, List<Integer>> replicas = new HashMap<>();
    final Map<TopicPartition, Ongoing> ongoing = new HashMap<>();
    final Map<TopicPartition, Integer> age = new HashMap<>();
    final List<Set<TopicPartition>> submissions = new ArrayList<>();
    final List<String> calls = new ArrayList<>();
    int maxUnderWay;
    int pollsToFinish = 1;
    RuntimeException failSubmit;
    /** How many replica reads still answer with the replicas before the reassignment (a broker's stale metadata). */
    int staleReads;

    @Override
    public Map<TopicPartition, Ongoing> ongoing() {
      for (TopicPartition tp : List.copyOf(ongoing.keySet())) {
        int polls = age.merge(tp, 1, Integer::sum);
        if (polls > pollsToFinish) {
          replicas.put(tp, ongoing.remove(tp).target());
        }
      }
      return Map.copyOf(ongoing);
    }

    @Override
    public Map<TopicPartition, List<Integer>> replicas(Collection<TopicPartition> partitions) {
      if (staleReads > 0) {
        staleReads--;
        Map<TopicPartition, List<Integer>> stale = new HashMap<>();
        partitions.forEach(tp -> stale.put(tp, List.of(1, 2, 3)));
        return stale;
      }
      return Map.copyOf(replicas);
    }

    @Override
    public void submit(Map<TopicPartition, List<Integer>> targets) {
      if (failSubmit != null) {
        throw failSubmit;
      }
      calls.add("submit " + targets.size());
      submissions.add(Set.copyOf(targets.keySet()));
      targets.forEach((tp, r) -> {
        ongoing.put(tp, new Ongoing(r, List.of(), List.of()));
        age.put(tp, 0);
      });
      maxUnderWay = Math.max(maxUnderWay, ongoing.size());
    }

    @Override
    public void throttle(Throttle throttle) {
      calls.add("throttle " + throttle.brokers());
    }

    @Override
    public void removeThrottle(Throttle throttle) {
      calls.add("unthrottle " + throttle.brokers());
    }

    @Override
    public Map<TopicPartition, String> electPreferredLeaders(Set<TopicPartition> partitions) {
      calls.add("elect " + partitions.size());
      return Map.of();
    }
  }

  static final class FakeClock implements WaitClock {
    long now;

    @Override
    public long nanoTime() {
      return now;
    }

    @Override
    public void sleep(Duration duration) {
      now += duration.toNanos();
    }
  }

  static final ReassignmentExecutor.Listener QUIET = new ReassignmentExecutor.Listener() {
    @Override
    public void progress(ReassignmentExecutor.Progress progress) {
    }

    @Override
    public void info(String text) {
    }
  };

  static RebalancePlan planOf(int partitions, FakeCluster cluster) {
    Map<TopicPartition, List<Integer>> before = new HashMap<>();
    Map<TopicPartition, List<Integer>> after = new HashMap<>();
    for (int p = 0; p < partitions; p++) {
      TopicPartition tp = new TopicPartition("t", p);
      before.put(tp, List.of(1, 2));
      after.put(tp, List.of(3, 2));
      cluster.replicas.put(tp, List.of(1, 2));
    }
    return RebalancePlan.between("rebalance", ReplicaPlacement.of(Set.of(1, 2, 3), before), after, List.of(1, 2, 3));
  }

  @Test
  void neverMoreThanTheCapInFlight() throws Exception {
    FakeCluster cluster = new FakeCluster();
    RebalancePlan plan = planOf(7, cluster);

    ReassignmentExecutor.Result result = new ReassignmentExecutor(cluster, new FakeClock(), Duration.ofSeconds(1),
        Duration.ZERO).execute(plan, 1000, 2, QUIET);

    assertThat(cluster.maxUnderWay).isEqualTo(2);
    assertThat(result.partitionsMoved()).isEqualTo(7);
    assertThat(cluster.calls.get(0)).isEqualTo("throttle [1, 2, 3]");
    assertThat(cluster.calls).contains("unthrottle [1, 2, 3]");
    assertThat(cluster.calls.get(cluster.calls.size() - 1)).isEqualTo("elect 7");
  }

  @Test
  void metadataLaggingBehindAFinishedReassignmentIsWaitedForNotCalledCancelled() throws Exception {
    FakeCluster cluster = new FakeCluster();
    RebalancePlan plan = planOf(2, cluster);
    cluster.staleReads = 3;
    List<Integer> inFlight = new ArrayList<>();
    ReassignmentExecutor.Listener recording = new ReassignmentExecutor.Listener() {
      @Override
      public void progress(ReassignmentExecutor.Progress progress) {
        inFlight.add(progress.inFlight());
      }

      @Override
      public void info(String text) {
      }
    };

    ReassignmentExecutor.Result result = new ReassignmentExecutor(cluster, new FakeClock(), Duration.ofSeconds(1),
        Duration.ZERO).execute(plan, 1000, 1, recording);

    assertThat(result.partitionsMoved()).isEqualTo(2);
    assertThat(inFlight).as("one awaiting confirmation counts against the cap").allMatch(n -> n <= 1);
  }

  @Test
  void aReassignmentThatEndsElsewhereStopsTheRunAfterTheGrace() {
    FakeCluster cluster = new FakeCluster();
    RebalancePlan plan = planOf(1, cluster);
    cluster.staleReads = 1000;

    assertThatThrownBy(() -> new ReassignmentExecutor(cluster, new FakeClock(), Duration.ofSeconds(1), Duration.ZERO)
        .execute(plan, 1000, 5, QUIET)).isInstanceOf(ReassignmentExecutor.ExecutionException.class)
        .hasMessageContaining("cancelled by someone else");
    assertThat(cluster.calls.get(cluster.calls.size() - 1)).isEqualTo("unthrottle [1, 2, 3]");
  }

  @Test
  void nextBatchFillsOnlyTheRoomLeft() {
    List<Move> pending = new ArrayList<>();
    for (int p = 0; p < 5; p++) {
      pending.add(new Move(new TopicPartition("t", p), List.of(1), List.of(2), 0));
    }
    Set<TopicPartition> underWay = Set.of(new TopicPartition("t", 0), new TopicPartition("x", 0));

    List<Move> next = ReassignmentSchedule.next(pending, underWay, 3);

    assertThat(next).extracting(Move::partition).containsExactly(new TopicPartition("t", 1));
  }

  @Test
  void resumeWaitsForReassignmentsUnderWayAndNeverResubmitsThem() throws Exception {
    FakeCluster cluster = new FakeCluster();
    RebalancePlan plan = planOf(3, cluster);
    TopicPartition inFlight = new TopicPartition("t", 0);
    cluster.ongoing.put(inFlight, new ReassignmentCluster.Ongoing(List.of(3, 2), List.of(3), List.of(1)));
    cluster.age.put(inFlight, 0);
    cluster.pollsToFinish = 2;

    ReassignmentExecutor.Result result = new ReassignmentExecutor(cluster, new FakeClock(), Duration.ofSeconds(1),
        Duration.ZERO).execute(plan, 1000, 5, QUIET);

    assertThat(cluster.submissions).allSatisfy(batch -> assertThat(batch).doesNotContain(inFlight));
    assertThat(result.adopted()).isEqualTo(1);
    assertThat(result.partitionsMoved()).isEqualTo(3);
    assertThat(cluster.replicas.get(inFlight)).containsExactly(3, 2);
  }

  @Test
  void throttleIsRemovedWhenSubmittingFails() {
    FakeCluster cluster = new FakeCluster();
    RebalancePlan plan = planOf(2, cluster);
    cluster.failSubmit = new IllegalStateException("controller moved");

    assertThatThrownBy(() -> new ReassignmentExecutor(cluster, new FakeClock(), Duration.ofSeconds(1), Duration.ZERO)
        .execute(plan, 1000, 5, QUIET)).isInstanceOf(ReassignmentExecutor.ExecutionException.class)
        .hasMessageContaining("controller moved");
    assertThat(cluster.calls).containsExactly("throttle [1, 2, 3]", "unthrottle [1, 2, 3]");
  }

  @Test
  void throttleIsRemovedOnTimeout() {
    FakeCluster cluster = new FakeCluster();
    RebalancePlan plan = planOf(2, cluster);
    cluster.pollsToFinish = 1000;

    assertThatThrownBy(() -> new ReassignmentExecutor(cluster, new FakeClock(), Duration.ofSeconds(1),
        Duration.ofSeconds(10)).execute(plan, 1000, 5, QUIET))
        .isInstanceOf(ReassignmentExecutor.ExecutionException.class).hasMessageContaining("run the command again");
    assertThat(cluster.calls.get(cluster.calls.size() - 1)).isEqualTo("unthrottle [1, 2, 3]");
  }

  @Test
  void throttleCoversOnlyTheMovingReplicas() {
    Move move = new Move(new TopicPartition("t", 4), List.of(1, 2), List.of(3, 2), 10);
    Move reorder = new Move(new TopicPartition("u", 0), List.of(1, 2), List.of(2, 1), 10);

    Throttle throttle = Throttle.of(500, List.of(move, reorder));

    assertThat(throttle.brokers()).containsExactly(1, 2, 3);
    assertThat(Throttle.list(throttle.leaderReplicas(), "t")).isEqualTo("4:1,4:2");
    assertThat(Throttle.list(throttle.followerReplicas(), "t")).isEqualTo("4:3");
    assertThat(throttle.topics()).containsExactly("t");
  }
}
