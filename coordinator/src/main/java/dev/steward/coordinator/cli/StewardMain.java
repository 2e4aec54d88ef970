package dev.steward.coordinator.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import picocli.CommandLine;

/** The `steward` command's entry point. */
public final class StewardMain {

  private StewardMain() {
  }

  public static void main(String[] args) {
    quietLibraryLogging();
    int code = run(args, System.out, System.err);
    markClassRecordWorthKeeping(code);
    System.exit(code);
  }

  /**
   * bin/steward has the JVM record the classes a cluster command loaded (written as the JVM
   * exits, after this): only a command that did its work loaded what the next ones need, so only
   * its record gets the marker the launcher adopts records by. A typo's record stays unadopted.
   */
  private static void markClassRecordWorthKeeping(int code) {
    String record = System.getProperty("steward.cds.record");
    if (code != ExitCode.OK || record == null || record.isBlank()) {
      return;
    }
    try {
      java.nio.file.Files.writeString(java.nio.file.Path.of(record + ".ok"), "");
    } catch (java.io.IOException | RuntimeException e) {
      // no marker, no archive: the next command records again
    }
  }

  /** Runs a command line and returns its exit code; used by main and by tests. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    CommandLine commandLine = new CommandLine(new StewardCommand());
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    commandLine.setCaseInsensitiveEnumValuesAllowed(true);
    commandLine.setParameterExceptionHandler((ex, argv) -> {
      ex.getCommandLine().getErr().println("error: " + ex.getMessage());
      ex.getCommandLine().getErr().println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
      return ExitCode.BAD_INPUT;
    });
    commandLine.setExecutionExceptionHandler((ex, cl, parseResult) -> {
      if (ex instanceof ExitException exit) {
        cl.getErr().println(exit.getMessage());
        return exit.code();
      }
      cl.getErr().println("error: " + dev.steward.coordinator.Errors.rootMessage(ex));
      if (Boolean.getBoolean("steward.debug")) {
        ex.printStackTrace(cl.getErr());
      }
      return ExitCode.FAILURE;
    });
    try {
      return commandLine.execute(args);
    } finally {
      commandLine.getOut().flush();
      commandLine.getErr().flush();
    }
  }

  /**
   * Kafka's and ZooKeeper's clients log every refused connection while a cluster starts; the
   * command reports what matters itself. STEWARD_LOG_LEVEL=info (or debug) shows them again.
   */
  static void quietLibraryLogging() {
    String level = System.getenv().getOrDefault("STEWARD_LOG_LEVEL", "error");
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", level);
    System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
  }
}
