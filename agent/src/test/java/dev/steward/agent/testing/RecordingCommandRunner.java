package dev.steward.agent.testing;

import dev.steward.agent.exec.CommandResult;
import dev.steward.agent.exec.CommandRunner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A CommandRunner that answers from a script and records every argv, so tests check both what
 * the agent decided to run and how it reads what came back (recorded real outputs).
 */
public final class RecordingCommandRunner implements CommandRunner {

  /** One recorded call. */
  public record Call(List<String> argv, Map<String, String> environment, Duration timeout) {
    public String command() {
      return String.join(" ", argv);
    }
  }

  private record Rule(List<String> prefix, Function<List<String>, CommandResult> answer) {
  }

  private final List<Rule> rules = new ArrayList<>();
  public final List<Call> calls = new ArrayList<>();

  /** Answers commands starting with {@code prefix}; later rules win over earlier ones. */
  public RecordingCommandRunner on(List<String> prefix, Function<List<String>, CommandResult> answer) {
    rules.add(0, new Rule(List.copyOf(prefix), answer));
    return this;
  }

  public RecordingCommandRunner on(List<String> prefix, int exitCode, String stdout, String stderr) {
    return on(prefix, argv -> new CommandResult(argv, exitCode, stdout, stderr, false));
  }

  public RecordingCommandRunner ok(String... prefix) {
    return on(List.of(prefix), 0, "", "");
  }

  @Override
  public synchronized CommandResult run(List<String> argv, Map<String, String> environment, Duration timeout)
      throws IOException {
    calls.add(new Call(List.copyOf(argv), Map.copyOf(environment), timeout));
    for (Rule rule : rules) {
      if (argv.size() >= rule.prefix().size() && argv.subList(0, rule.prefix().size()).equals(rule.prefix())) {
        return rule.answer().apply(argv);
      }
    }
    throw new IOException("Cannot run program \"" + argv.get(0) + "\": no scripted answer for " + String.join(" ", argv));
  }

  /** The commands run so far, as "a b c" strings. */
  public synchronized List<String> commands() {
    return calls.stream().map(Call::command).toList();
  }

  public synchronized List<String> commandsStartingWith(String prefix) {
    return commands().stream().filter(c -> c.startsWith(prefix)).toList();
  }

  public synchronized void clear() {
    calls.clear();
  }

  /** A recorded output kept under src/test/resources. */
  public static String resource(Class<?> near, String name) {
    try (InputStream in = near.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalArgumentException("no test resource " + name + " near " + near.getName());
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
