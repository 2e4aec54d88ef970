package dev.steward.coordinator.loadcheck;

/**
 * What a load check saw.
 *
 * @param sent records handed to the producer
 * @param acknowledged records the cluster confirmed (acks=all)
 * @param received distinct records the consumer read back
 * @param lost acknowledged records never read back: data loss
 * @param duplicated records read more than once
 * @param outOfOrder records read before an earlier record of the same partition
 * @param produceErrors sends that failed (not acknowledged; the producer reported an error)
 */
public record LoadCheckResult(long sent, long acknowledged, long received, long lost, long duplicated, long outOfOrder,
    long produceErrors, double p50LatencyMillis, double p99LatencyMillis, double maxLatencyMillis, double seconds) {

  public boolean clean() {
    return lost == 0 && duplicated == 0 && outOfOrder == 0 && produceErrors == 0 && acknowledged == sent;
  }

  public String describe() {
    return String.format("records sent %d, acknowledged %d, received %d, lost %d, duplicated %d, out of order %d, "
            + "produce errors %d; produce latency p50 %.1fms, p99 %.1fms, max %.1fms; over %.1fs",
        sent, acknowledged, received, lost, duplicated, outOfOrder, produceErrors, p50LatencyMillis, p99LatencyMillis,
        maxLatencyMillis, seconds);
  }
}
