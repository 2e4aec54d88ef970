package dev.steward.common.testing;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A strict parser of the Prometheus text exposition format 0.0.4, written from the specification
 * (prometheus.io/docs/instrumenting/exposition_formats): no Prometheus parser is available offline to
 * this build. It refuses what Prometheus would refuse and a little more: a missing final line feed,
 * a bad metric or label name, an unknown escape, a TYPE after its samples or twice, a family's samples
 * split by another family, a repeated series, a value that is not a Go float.
 */
public final class PrometheusTextParser {

  private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
  private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
  private static final Set<String> TYPES = Set.of("counter", "gauge", "histogram", "summary", "untyped");
  private static final Pattern FLOAT = Pattern.compile("[+-]?(([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][+-]?[0-9]+)?"
      + "|Inf|inf|NaN)");

  public record Sample(String name, Map<String, String> labels, double value) {
  }

  public record Family(String name, String type, String help, List<Sample> samples) {

    /** The one sample with these labels (a subset is enough), if any. */
    public Optional<Double> value(String... labels) {
      return samples.stream().filter(s -> matches(s, labels)).map(Sample::value).findFirst();
    }

    private static boolean matches(Sample sample, String... labels) {
      for (int i = 0; i < labels.length; i += 2) {
        if (!labels[i + 1].equals(sample.labels().get(labels[i]))) {
          return false;
        }
      }
      return true;
    }
  }

  public static final class ParseException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ParseException(int line, String message) {
      super("line " + line + ": " + message);
    }
  }

  private PrometheusTextParser() {
  }

  public static Map<String, Family> parse(String text) {
    if (!text.isEmpty() && !text.endsWith("\n")) {
      throw new ParseException(0, "the last line must end with a line feed");
    }
    Map<String, String> types = new LinkedHashMap<>();
    Map<String, String> helps = new LinkedHashMap<>();
    Map<String, List<Sample>> samples = new LinkedHashMap<>();
    Set<String> closed = new HashSet<>();
    Set<String> series = new HashSet<>();
    String current = null;
    String[] lines = text.split("\n", -1);
    for (int n = 0; n < lines.length - 1; n++) {
      String line = lines[n];
      int lineNo = n + 1;
      if (line.isBlank()) {
        continue;
      }
      if (line.startsWith("#")) {
        String[] parts = line.split("[ \t]+", 4);
        if (parts.length >= 3 && (parts[1].equals("HELP") || parts[1].equals("TYPE"))) {
          String name = parts[2];
          if (!METRIC_NAME.matcher(name).matches()) {
            throw new ParseException(lineNo, "bad metric name " + name);
          }
          String rest = parts.length == 4 ? parts[3] : "";
          if (parts[1].equals("TYPE")) {
            if (!TYPES.contains(rest)) {
              throw new ParseException(lineNo, "unknown type " + rest);
            }
            if (types.containsKey(name) || samples.containsKey(name)) {
              throw new ParseException(lineNo, "TYPE of " + name + " again or after its samples");
            }
            types.put(name, rest);
          } else {
            if (helps.containsKey(name)) {
              throw new ParseException(lineNo, "second HELP for " + name);
            }
            helps.put(name, unescape(rest, false, lineNo));
          }
          current = switchTo(current, name, closed, lineNo);
        }
        continue;
      }
      Sample sample = sample(line, lineNo);
      current = switchTo(current, sample.name(), closed, lineNo);
      if (!series.add(sample.name() + sample.labels())) {
        throw new ParseException(lineNo, "repeated series " + sample.name() + sample.labels());
      }
      samples.computeIfAbsent(sample.name(), k -> new ArrayList<>()).add(sample);
    }
    Map<String, Family> families = new LinkedHashMap<>();
    Set<String> names = new java.util.LinkedHashSet<>(types.keySet());
    names.addAll(helps.keySet());
    names.addAll(samples.keySet());
    for (String name : names) {
      families.put(name, new Family(name, types.getOrDefault(name, "untyped"), helps.get(name),
          List.copyOf(samples.getOrDefault(name, List.of()))));
    }
    return families;
  }

  private static String switchTo(String current, String name, Set<String> closed, int lineNo) {
    if (name.equals(current)) {
      return current;
    }
    if (closed.contains(name)) {
      throw new ParseException(lineNo, "the lines of " + name + " are not together");
    }
    if (current != null) {
      closed.add(current);
    }
    return name;
  }

  private static Sample sample(String line, int lineNo) {
    int i = 0;
    while (i < line.length() && line.charAt(i) != '{' && line.charAt(i) != ' ' && line.charAt(i) != '\t') {
      i++;
    }
    String name = line.substring(0, i);
    if (!METRIC_NAME.matcher(name).matches()) {
      throw new ParseException(lineNo, "bad metric name " + name);
    }
    Map<String, String> labels = new LinkedHashMap<>();
    if (i < line.length() && line.charAt(i) == '{') {
      i++;
      while (true) {
        if (i < line.length() && line.charAt(i) == '}') {
          i++;
          break;
        }
        int eq = line.indexOf('=', i);
        if (eq < 0) {
          throw new ParseException(lineNo, "label without =");
        }
        String label = line.substring(i, eq);
        if (!LABEL_NAME.matcher(label).matches() || label.startsWith("__")) {
          throw new ParseException(lineNo, "bad label name " + label);
        }
        i = eq + 1;
        if (i >= line.length() || line.charAt(i) != '"') {
          throw new ParseException(lineNo, "label value of " + label + " is not quoted");
        }
        i++;
        StringBuilder raw = new StringBuilder();
        while (true) {
          if (i >= line.length()) {
            throw new ParseException(lineNo, "unterminated label value");
          }
          char c = line.charAt(i);
          if (c == '\\') {
            if (i + 1 >= line.length()) {
              throw new ParseException(lineNo, "escape at the end of the line");
            }
            raw.append(c).append(line.charAt(i + 1));
            i += 2;
            continue;
          }
          if (c == '"') {
            i++;
            break;
          }
          raw.append(c);
          i++;
        }
        if (labels.put(label, unescape(raw.toString(), true, lineNo)) != null) {
          throw new ParseException(lineNo, "label " + label + " twice");
        }
        if (i < line.length() && line.charAt(i) == ',') {
          i++;
        } else if (i >= line.length() || line.charAt(i) != '}') {
          throw new ParseException(lineNo, "expected , or } after a label");
        }
      }
    }
    String rest = line.substring(i);
    if (rest.isEmpty() || (rest.charAt(0) != ' ' && rest.charAt(0) != '\t')) {
      throw new ParseException(lineNo, "no blank before the value");
    }
    String[] fields = rest.strip().split("[ \t]+");
    if (fields.length < 1 || fields.length > 2) {
      throw new ParseException(lineNo, "expected a value and an optional timestamp");
    }
    if (!FLOAT.matcher(fields[0]).matches()) {
      throw new ParseException(lineNo, "bad value " + fields[0]);
    }
    if (fields.length == 2 && !fields[1].matches("-?[0-9]+")) {
      throw new ParseException(lineNo, "bad timestamp " + fields[1]);
    }
    return new Sample(name, labels, value(fields[0]));
  }

  private static double value(String text) {
    return switch (text) {
      case "+Inf", "Inf", "inf", "+inf" -> Double.POSITIVE_INFINITY;
      case "-Inf", "-inf" -> Double.NEGATIVE_INFINITY;
      case "NaN", "+NaN", "-NaN" -> Double.NaN;
      default -> Double.parseDouble(text);
    };
  }

  private static String unescape(String text, boolean label, int lineNo) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c != '\\') {
        if (c == '\n') {
          throw new ParseException(lineNo, "raw line feed");
        }
        out.append(c);
        continue;
      }
      if (i + 1 >= text.length()) {
        throw new ParseException(lineNo, "escape at the end");
      }
      char next = text.charAt(++i);
      switch (next) {
        case '\\' -> out.append('\\');
        case 'n' -> out.append('\n');
        case '"' -> {
          if (!label) {
            throw new ParseException(lineNo, "\\\" is only an escape in label values");
          }
          out.append('"');
        }
        default -> throw new ParseException(lineNo, "unknown escape \\" + next);
      }
    }
    return out.toString();
  }
}
