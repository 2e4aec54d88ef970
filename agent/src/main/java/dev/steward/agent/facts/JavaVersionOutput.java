package dev.steward.agent.facts;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses what {@code java -version} prints on stderr. Pure. */
public final class JavaVersionOutput {

  /** e.g. {@code openjdk version "17.0.15" 2025-04-15} or {@code java version "1.8.0_392"}. */
  private static final Pattern VERSION_LINE = Pattern.compile("(?m)^\\S+ version \"([^\"]+)\"");

  private JavaVersionOutput() {
  }

  /** The version string and its feature number. */
  public record Version(String version, int feature) {
  }

  public static Optional<Version> parse(String output) {
    if (output == null) {
      return Optional.empty();
    }
    Matcher matcher = VERSION_LINE.matcher(output);
    if (!matcher.find()) {
      return Optional.empty();
    }
    String version = matcher.group(1);
    return featureOf(version).map(feature -> new Version(version, feature));
  }

  /** "17.0.15" -> 17, "21" -> 21, "1.8.0_392" -> 8 (the old scheme), "22-ea" -> 22. */
  static Optional<Integer> featureOf(String version) {
    Matcher leading = Pattern.compile("^(\\d+)(?:\\.(\\d+))?").matcher(version);
    if (!leading.find()) {
      return Optional.empty();
    }
    int first = Integer.parseInt(leading.group(1));
    if (first == 1 && leading.group(2) != null) {
      return Optional.of(Integer.parseInt(leading.group(2)));
    }
    return Optional.of(first);
  }
}
