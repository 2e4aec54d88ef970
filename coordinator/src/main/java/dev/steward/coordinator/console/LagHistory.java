package dev.steward.coordinator.console;

import dev.steward.coordinator.lag.GroupLag;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Each consumer group's total lag over the last minutes, one point per snapshot, for the lag chart. */
public final class LagHistory {

  /** One point of the chart. */
  public record Point(long epochMillis, long lag) {
  }

  private final long windowMillis;
  private final Map<String, Deque<Point>> groups = new TreeMap<>();

  public LagHistory(long windowMillis) {
    this.windowMillis = windowMillis;
  }

  /** Adds one snapshot's lag; groups gone from the cluster are forgotten, points older than the window dropped. */
  public synchronized void add(long epochMillis, List<GroupLag> lag) {
    Map<String, Long> now = new LinkedHashMap<>();
    lag.forEach(group -> now.put(group.group(), group.totalLag()));
    groups.keySet().retainAll(now.keySet());
    now.forEach((group, total) -> {
      Deque<Point> points = groups.computeIfAbsent(group, g -> new ArrayDeque<>());
      points.addLast(new Point(epochMillis, total));
      while (!points.isEmpty() && points.peekFirst().epochMillis() < epochMillis - windowMillis) {
        points.removeFirst();
      }
    });
  }

  public synchronized List<Point> of(String group) {
    Deque<Point> points = groups.get(group);
    return points == null ? List.of() : new ArrayList<>(points);
  }
}
