package dev.steward.systemtest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the built distribution's commands as a user would, capturing what they print. */
final class StewardCli {

  /** One finished command. */
  record Run(List<String> command, int exitCode, String stdout, String stderr) {

    @Override
    public String toString() {
      return String.join(" ", command) + " -> exit " + exitCode + "\n--- stdout\n" + stdout + "\n--- stderr\n" + stderr;
    }
  }

  static Path home() {
    Path home = Path.of(System.getProperty("steward.home", "../packaging/target/steward")).toAbsolutePath().normalize();
    if (!Files.isExecutable(home.resolve("bin/steward"))) {
      throw new IllegalStateException("no Steward distribution at " + home + ": run ./mvnw package first");
    }
    return home;
  }

  /** Removes a test's scratch directory and everything in it (what it held is in the test output). */
  static void deleteScratch(Path dir) throws IOException {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    }
  }

  /** Environment for every `steward` this test JVM runs (e.g. STEWARD_STATE_DIR), per test class. */
  static final java.util.Map<String, String> ENVIRONMENT = new java.util.concurrent.ConcurrentHashMap<>();

  static Run steward(Duration timeout, String... args) throws IOException, InterruptedException {
    return run(stewardCommand(args), timeout, null);
  }

  static List<String> stewardCommand(String... args) {
    List<String> command = new ArrayList<>();
    command.add(home().resolve("bin/steward").toString());
    command.addAll(List.of(args));
    return command;
  }

  /** Starts `steward ARGS` without waiting (to kill it mid-way); output goes to {@code log}. */
  static Process startSteward(Path log, String... args) throws IOException {
    return startSteward(log, java.util.Map.of(), args);
  }

  /** The same, with {@code environment} on top of {@link #ENVIRONMENT} (e.g. another operator's state dir). */
  static Process startSteward(Path log, java.util.Map<String, String> environment, String... args)
      throws IOException {
    ProcessBuilder builder = new ProcessBuilder(stewardCommand(args))
        .redirectOutput(log.toFile()).redirectErrorStream(true)
        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    builder.environment().putAll(ENVIRONMENT);
    builder.environment().putAll(environment);
    return builder.start();
  }

  /** `steward ARGS` as another operator would run it: {@code environment} on top of {@link #ENVIRONMENT}. */
  static Run steward(Duration timeout, java.util.Map<String, String> environment, String... args)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add("/usr/bin/env");
    environment.forEach((key, value) -> command.add(key + "=" + value));
    command.addAll(stewardCommand(args));
    return run(command, timeout, null);
  }

  static Run run(List<String> command, Duration timeout, String stdin) throws IOException, InterruptedException {
    Path out = Files.createTempFile("steward-out", ".txt");
    Path err = Files.createTempFile("steward-err", ".txt");
    try {
      ProcessBuilder builder = new ProcessBuilder(command)
          .redirectOutput(out.toFile())
          .redirectError(err.toFile());
      builder.environment().putAll(ENVIRONMENT);
      if (stdin == null) {
        builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
      }
      Process process = builder.start();
      if (stdin != null) {
        try (var in = process.getOutputStream()) {
          in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
      }
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor();
        throw new AssertionError(String.join(" ", command) + " did not finish within " + timeout
            + "\n--- stdout\n" + Files.readString(out) + "\n--- stderr\n" + Files.readString(err));
      }
      return new Run(command, process.exitValue(), Files.readString(out), Files.readString(err));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }
}
