package dev.steward.coordinator.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The agent's JVM options: steward-agent.jvm.options, a java @argfile that the agent jar carries
 * and both launchers read (bin/steward-agent, and the .deb's /usr/bin/steward-agent). Only the
 * argfile syntax that file uses is understood: options separated by blanks, '#' comments.
 */
final class AgentJvmOptions {

  static final String RESOURCE = "steward-agent.jvm.options";

  private AgentJvmOptions() {
  }

  /** The options from the agent jar on this JVM's class path; none when it is not there. */
  static List<String> bundled() {
    try (InputStream in = AgentJvmOptions.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      return in == null ? List.of() : parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      return List.of();
    }
  }

  static List<String> parse(String argfile) {
    List<String> options = new ArrayList<>();
    for (String line : argfile.split("\n")) {
      int comment = line.indexOf('#');
      String content = comment < 0 ? line : line.substring(0, comment);
      for (String option : content.trim().split("\\s+")) {
        if (!option.isEmpty()) {
          options.add(option);
        }
      }
    }
    return options;
  }

  /** A command line with each "@argfile" replaced by the options in it (unreadable ones are kept as they are). */
  static List<String> expand(List<String> argv) {
    List<String> expanded = new ArrayList<>();
    for (String arg : argv) {
      if (arg.startsWith("@") && arg.length() > 1) {
        try {
          expanded.addAll(parse(Files.readString(Path.of(arg.substring(1)), StandardCharsets.UTF_8)));
          continue;
        } catch (IOException | RuntimeException e) {
          // reported as given
        }
      }
      expanded.add(arg);
    }
    return expanded;
  }
}
