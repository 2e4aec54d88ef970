package dev.steward.coordinator.console;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes ONE snapshot of the cluster every interval, whatever the number of browsers (as
 * {@code CachedScrape} does for Prometheus), renders it once to JSON and hands that text to every
 * listener (the server-sent event streams). A browser that connects gets the latest text at once.
 */
public final class SnapshotPoller implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SnapshotPoller.class);

  private final Supplier<ConsoleSnapshot> reader;
  private final Function<ConsoleSnapshot, String> render;
  private final long intervalMillis;
  private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();
  private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread thread = new Thread(r, "steward-console-poller");
    thread.setDaemon(true);
    return thread;
  });
  private volatile String latest;

  public SnapshotPoller(Supplier<ConsoleSnapshot> reader, Function<ConsoleSnapshot, String> render,
      long intervalMillis) {
    this.reader = reader;
    this.render = render;
    this.intervalMillis = intervalMillis;
  }

  /** Starts polling; the first snapshot is taken at once. */
  public void start() {
    executor.scheduleWithFixedDelay(this::pollOnce, 0, intervalMillis, TimeUnit.MILLISECONDS);
  }

  /** Takes one snapshot and hands it to every listener (the scheduled task; tests call it directly). */
  public void pollOnce() {
    String text;
    try {
      text = render.apply(reader.get());
    } catch (RuntimeException e) {
      LOG.warn("console snapshot failed: {}", e.toString());
      return;
    }
    latest = text;
    for (Consumer<String> listener : listeners) {
      try {
        listener.accept(text);
      } catch (RuntimeException e) {
        listeners.remove(listener);
      }
    }
  }

  /** The latest rendered snapshot, or null before the first one. */
  public String latest() {
    return latest;
  }

  public void subscribe(Consumer<String> listener) {
    listeners.add(listener);
  }

  public void unsubscribe(Consumer<String> listener) {
    listeners.remove(listener);
  }

  public int listeners() {
    return listeners.size();
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
