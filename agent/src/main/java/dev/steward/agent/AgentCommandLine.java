package dev.steward.agent;

import dev.steward.agent.AgentMain.BadArgumentException;
import dev.steward.agent.artifact.ArtifactStore;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * steward-agent's command line, read by hand: eleven options do not need a command line library,
 * and picocli's model (its ~170 classes, the reflection and annotation parsing it does) stayed in
 * the metaspace of a daemon that idles all day: 2.5 MiB of its RSS (docs/benchmarks.md, "The last
 * levers").
 * {@code --name VALUE} and {@code --name=VALUE}; {@code -h}/{@code --help} and
 * {@code -V}/{@code --version} as picocli offered them. Each option may be given once.
 */
final class AgentCommandLine {

  /** What the command line asks for. */
  enum Request { RUN, HELP, VERSION }

  private static final int WIDTH = 80;
  private static final String INDENT = "        ";

  /** Sets an option's field on the agent's command; a value that does not convert is a usage error. */
  @FunctionalInterface
  private interface Setter {
    void set(AgentMain main, String value) throws BadArgumentException;
  }

  /** @param label the value's name in --help; null for a flag, which takes no value */
  private record Option(String name, String label, String description, Setter setter) {
  }

  // No defaults here: a field left null means "not on the command line", so the config file can fill it in.
  private static final List<Option> OPTIONS = List.of(
      new Option("--config", "FILE", "Options as YAML, one key per option (" + String.join(", ", AgentConfigFile.KEYS)
          + "). Default: " + AgentConfigFile.DEFAULT + " when it exists and --root is not given. Options on the "
          + "command line win over the file.", (main, value) -> main.configFile = path("--config", value)),
      new Option("--listen", "ADDR:PORT", "Address and port to serve on (default: " + AgentMain.DEFAULT_LISTEN
          + "); [::1]:7443 for IPv6.", (main, value) -> main.listen = value),
      new Option("--root", "DIR", "The host root: every path in a request is resolved under it (default: /).",
          (main, value) -> main.root = path("--root", value)),
      new Option("--state-dir", "DIR", "Journal, artifacts and service state (default: <root>/var/lib/steward).",
          (main, value) -> main.stateDir = path("--state-dir", value)),
      new Option("--backend", "auto|supervisor|systemd", "Service backend (default: auto: systemd when this machine "
          + "runs it, we are root and the root is /; else the built-in supervisor).",
          (main, value) -> main.backend = backend(value)),
      new Option("--insecure", null, "Serve plaintext without client authentication. Refused unless --listen is a "
          + "loopback address (the local sandbox). Without it the agent serves TLS: enrollment only until `steward "
          + "enroll` installs its certificate, then mutual TLS.", (main, value) -> main.insecure = Boolean.TRUE),
      new Option("--enroll-token-file", "FILE", "A one-time enrollment token from `steward ca token` (also: "
          + "environment variable " + AgentMain.ENROLL_TOKEN_ENV + "). With it, enrollment needs no fingerprint "
          + "check. Never logged.", (main, value) -> main.enrollTokenFile = path("--enroll-token-file", value)),
      new Option("--pid-file", "FILE", "Write the agent's pid here while it runs.",
          (main, value) -> main.pidFile = path("--pid-file", value)),
      new Option("--log-file", "FILE", "Where whoever started this agent sends its output (the sandbox does), so "
          + "that `steward logs HOST agent` can read it without systemd. Under systemd the journal of "
          + "steward-agent.service is read.", (main, value) -> main.logFile = path("--log-file", value)),
      new Option("--java-home", "DIR", "The Java services run on, when a definition names none (default: the "
          + "agent's own java.home).", (main, value) -> main.javaHome = path("--java-home", value)),
      new Option("--max-artifact-bytes", "N", "Largest archive PushArtifact accepts (default: "
          + ArtifactStore.DEFAULT_MAX_BYTES + ").", (main, value) -> main.maxArtifactBytes = number(value)),
      new Option("-h, --help", null, "Show this help message and exit.", (main, value) -> { }),
      new Option("-V, --version", null, "Print version information and exit.", (main, value) -> { }));

  private AgentCommandLine() {
  }

  /** Sets the options given on {@code main}; help and version win over everything else, as with picocli. */
  static Request parse(AgentMain main, String... args) throws BadArgumentException {
    for (String arg : args) {
      if (arg.equals("-h") || arg.equals("--help")) {
        return Request.HELP;
      }
      if (arg.equals("-V") || arg.equals("--version")) {
        return Request.VERSION;
      }
    }
    Set<String> given = new HashSet<>();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      int equals = arg.indexOf('=');
      String name = arg.startsWith("--") && equals > 0 ? arg.substring(0, equals) : arg;
      Option option = find(name);
      if (!given.add(option.name())) {
        throw new BadArgumentException("option '" + option.name() + "' should be specified only once");
      }
      String value;
      if (option.label() == null) {
        if (name.length() != arg.length()) {
          throw new BadArgumentException("option '" + option.name() + "' takes no value");
        }
        value = null;
      } else if (name.length() != arg.length()) {
        value = arg.substring(equals + 1);
      } else if (i + 1 < args.length) {
        value = args[++i];
      } else {
        throw new BadArgumentException("Missing required parameter for option '" + option.name() + "' ("
            + option.label() + ")");
      }
      option.setter().set(main, value);
    }
    return Request.RUN;
  }

  /** auto|supervisor|systemd, case-insensitive (the command line and the config file). */
  static AgentConfig.BackendChoice backend(String value) throws BadArgumentException {
    try {
      return AgentConfig.BackendChoice.valueOf(value.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new BadArgumentException("'" + value + "' is not a backend: use auto, supervisor or systemd");
    }
  }

  /** What --help prints. */
  static String usage() {
    StringBuilder text = new StringBuilder("Usage: steward-agent [OPTIONS]\n");
    wrap(text, "", "The Steward agent: owns this host's ZooKeeper/Kafka installation and serves the coordinator over "
        + "gRPC.");
    text.append('\n');
    wrap(text, "", "Exit codes: 0 ok, 1 failure, 2 bad arguments.");
    text.append('\n');
    for (Option option : OPTIONS) {
      text.append("  ").append(option.name()).append(option.label() == null ? "" : "=" + option.label()).append('\n');
      wrap(text, INDENT, option.description());
    }
    return text.toString();
  }

  private static Option find(String name) throws BadArgumentException {
    for (Option option : OPTIONS) {
      if (option.name().equals(name)) {
        return option;
      }
    }
    if (name.startsWith("-")) {
      throw new BadArgumentException("Unknown option: '" + name + "'");
    }
    throw new BadArgumentException("Unmatched argument: '" + name + "' (the agent takes options only)");
  }

  private static Path path(String option, String value) throws BadArgumentException {
    try {
      return Path.of(value);
    } catch (InvalidPathException e) {
      throw new BadArgumentException("Invalid value for option '" + option + "': " + e.getMessage());
    }
  }

  private static Long number(String value) throws BadArgumentException {
    try {
      return Long.valueOf(value);
    } catch (NumberFormatException e) {
      throw new BadArgumentException("Invalid value for option '--max-artifact-bytes': '" + value
          + "' is not a whole number");
    }
  }

  /** Appends {@code words} in lines of at most WIDTH columns, each starting with {@code indent}. */
  private static void wrap(StringBuilder text, String indent, String words) {
    StringBuilder line = new StringBuilder(indent);
    for (String word : words.split(" ")) {
      if (line.length() > indent.length() && line.length() + 1 + word.length() > WIDTH) {
        text.append(line).append('\n');
        line.setLength(0);
        line.append(indent);
      }
      if (line.length() > indent.length()) {
        line.append(' ');
      }
      line.append(word);
    }
    text.append(line).append('\n');
  }
}
