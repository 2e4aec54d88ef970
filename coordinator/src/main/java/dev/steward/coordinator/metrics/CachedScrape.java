package dev.steward.coordinator.metrics;

import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The last scrape's text, reused for {@code ttlNanos}: a scrape storm (several Prometheus servers,
 * a dashboard refreshing) costs one status collection per interval, and concurrent scrapes wait
 * for the one collection under way instead of starting their own.
 */
public final class CachedScrape {

  private final Supplier<String> collect;
  private final LongSupplier nanoTime;
  private final long ttlNanos;
  private String text;
  private long collectedAt;

  public CachedScrape(Supplier<String> collect, LongSupplier nanoTime, long ttlNanos) {
    this.collect = collect;
    this.nanoTime = nanoTime;
    this.ttlNanos = ttlNanos;
  }

  public synchronized String get() {
    long now = nanoTime.getAsLong();
    if (text == null || now - collectedAt >= ttlNanos) {
      text = collect.get();
      collectedAt = nanoTime.getAsLong();
    }
    return text;
  }
}
