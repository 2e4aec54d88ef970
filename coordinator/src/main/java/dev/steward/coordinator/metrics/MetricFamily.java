package dev.steward.coordinator.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One metric name with its help text and its samples (all gauges: each scrape is a fresh status). */
public final class MetricFamily {

  private final String name;
  private final String help;
  private final List<Sample> samples = new ArrayList<>();

  public MetricFamily(String name, String help) {
    this.name = name;
    this.help = help;
  }

  /** @param labels name, value, name, value, ... in the order they are rendered */
  public MetricFamily add(double value, String... labels) {
    if (labels.length % 2 != 0) {
      throw new IllegalArgumentException("labels come in name/value pairs");
    }
    Map<String, String> map = new LinkedHashMap<>();
    for (int i = 0; i < labels.length; i += 2) {
      map.put(labels[i], labels[i + 1]);
    }
    samples.add(new Sample(map, value));
    return this;
  }

  public MetricFamily add(boolean value, String... labels) {
    return add(value ? 1 : 0, labels);
  }

  public String name() {
    return name;
  }

  public String help() {
    return help;
  }

  public List<Sample> samples() {
    return List.copyOf(samples);
  }

  public record Sample(Map<String, String> labels, double value) {
  }
}
