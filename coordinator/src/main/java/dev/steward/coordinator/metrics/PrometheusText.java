package dev.steward.coordinator.metrics;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The Prometheus text exposition format, version 0.0.4: per family a {@code # HELP} and a
 * {@code # TYPE ... gauge} line, then its samples, {@code name{label="value",...} number}.
 * Label values escape backslash, double quote and line feed; help text escapes backslash and line feed.
 */
public final class PrometheusText {

  public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
  private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

  private PrometheusText() {
  }

  public static String render(List<MetricFamily> families) {
    StringBuilder text = new StringBuilder();
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (MetricFamily family : families) {
      if (!METRIC_NAME.matcher(family.name()).matches() || !seen.add(family.name())) {
        throw new IllegalArgumentException("bad or repeated metric name " + family.name());
      }
      text.append("# HELP ").append(family.name()).append(' ').append(escapeHelp(family.help())).append('\n');
      text.append("# TYPE ").append(family.name()).append(" gauge\n");
      for (MetricFamily.Sample sample : family.samples()) {
        text.append(family.name());
        if (!sample.labels().isEmpty()) {
          text.append('{');
          boolean first = true;
          for (Map.Entry<String, String> label : sample.labels().entrySet()) {
            if (!LABEL_NAME.matcher(label.getKey()).matches() || label.getKey().startsWith("__")) {
              throw new IllegalArgumentException("bad label name " + label.getKey());
            }
            text.append(first ? "" : ",").append(label.getKey()).append("=\"").append(escapeLabel(label.getValue()))
                .append('"');
            first = false;
          }
          text.append('}');
        }
        text.append(' ').append(number(sample.value())).append('\n');
      }
    }
    return text.toString();
  }

  static String number(double value) {
    if (Double.isNaN(value)) {
      return "NaN";
    }
    if (Double.isInfinite(value)) {
      return value > 0 ? "+Inf" : "-Inf";
    }
    if (value == Math.rint(value) && Math.abs(value) < 1e15) {
      return Long.toString((long) value);
    }
    return Double.toString(value);
  }

  static String escapeLabel(String value) {
    return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }

  static String escapeHelp(String help) {
    return help.replace("\\", "\\\\").replace("\n", "\\n");
  }
}
