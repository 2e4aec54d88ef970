package dev.steward.coordinator.cdc;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs PostgreSQL's programs (initdb, pg_ctl) as an operating-system user PostgreSQL accepts. PostgreSQL refuses
 * to run as root, so when this JVM is root they run as the {@code postgres} system user through runuser or, where
 * util-linux ships only that, setpriv; otherwise they run as this process's own user.
 */
final class PostgresProcessRunner {

  static final String SERVICE_USER = "postgres";

  private static final List<Path> RUNUSER = List.of(Path.of("/usr/sbin/runuser"), Path.of("/sbin/runuser"),
      Path.of("/usr/bin/runuser"));
  private static final List<Path> SETPRIV = List.of(Path.of("/usr/bin/setpriv"), Path.of("/bin/setpriv"));

  /** A program's exit code and its stdout and stderr, interleaved. */
  record Result(int exitCode, String output) {

    boolean succeeded() {
      return exitCode == 0;
    }
  }

  private final List<String> userSwitch;

  private PostgresProcessRunner(List<String> userSwitch) {
    this.userSwitch = List.copyOf(userSwitch);
  }

  static PostgresProcessRunner forThisProcess() {
    if (!runningAsRoot()) {
      return new PostgresProcessRunner(List.of());
    }
    requireServiceUser();
    Optional<Path> runuser = firstExecutable(RUNUSER);
    if (runuser.isPresent()) {
      return new PostgresProcessRunner(List.of(runuser.get().toString(), "-u", SERVICE_USER, "--"));
    }
    Optional<Path> setpriv = firstExecutable(SETPRIV);
    if (setpriv.isPresent()) {
      return new PostgresProcessRunner(List.of(setpriv.get().toString(), "--reuid=" + SERVICE_USER,
          "--regid=" + SERVICE_USER, "--init-groups", "--"));
    }
    throw new LocalPostgresException("PostgreSQL refuses to run as root and neither runuser nor setpriv"
        + " (util-linux) is installed to run it as the " + SERVICE_USER + " user: install util-linux or run"
        + " Steward as a non-root user");
  }

  /** /proc/self belongs to the effective uid; user.name is only a fallback because it can be unset in containers. */
  static boolean runningAsRoot() {
    try {
      return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return "root".equals(System.getProperty("user.name"));
    }
  }

  boolean switchesUser() {
    return !userSwitch.isEmpty();
  }

  /** Gives {@code path} to the user PostgreSQL runs as; nothing to do when that is this process's user. */
  void handOver(Path path) throws IOException {
    if (!switchesUser()) {
      return;
    }
    UserPrincipalLookupService users = path.getFileSystem().getUserPrincipalLookupService();
    PosixFileAttributeView view = Files.getFileAttributeView(path, PosixFileAttributeView.class);
    view.setOwner(users.lookupPrincipalByName(SERVICE_USER));
    try {
      view.setGroup(users.lookupPrincipalByGroupName(SERVICE_USER));
    } catch (UserPrincipalNotFoundException e) {
      // the owner alone is what PostgreSQL checks
    }
  }

  /** Runs {@code argv}, killing it (and what it started) when it outlives {@code timeout}. */
  Result run(List<String> argv, Path workingDirectory, Duration timeout) {
    List<String> command = new ArrayList<>(userSwitch);
    command.addAll(argv);
    String program = Path.of(argv.get(0)).getFileName().toString();
    Path output = null;
    try {
      // A file rather than a pipe: pg_ctl's server could inherit a pipe and a reader would then wait forever.
      output = Files.createTempFile("steward-pg-", ".out");
      ProcessBuilder builder = new ProcessBuilder(command)
          .directory(workingDirectory.toFile())
          .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
          .redirectOutput(output.toFile())
          .redirectErrorStream(true);
      // PGPORT, PGDATA and friends from the caller's shell would override the options Steward passes.
      builder.environment().keySet().removeIf(name -> name.startsWith("PG"));
      builder.environment().put("LC_ALL", "C");
      Process process = builder.start();
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor(5, TimeUnit.SECONDS);
        throw new LocalPostgresException(program + " did not finish within " + timeout.toSeconds() + "s; its output: "
            + read(output));
      }
      return new Result(process.exitValue(), read(output));
    } catch (IOException e) {
      throw new LocalPostgresException("could not run " + program + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LocalPostgresException("interrupted while " + program + " ran", e);
    } finally {
      deleteQuietly(output);
    }
  }

  private static String read(Path output) throws IOException {
    return new String(Files.readAllBytes(output), StandardCharsets.UTF_8).trim();
  }

  private static void deleteQuietly(Path file) {
    if (file == null) {
      return;
    }
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // a leftover temp file in /tmp is harmless
    }
  }

  private static void requireServiceUser() {
    try {
      Path.of("/").getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(SERVICE_USER);
    } catch (IOException e) {
      throw new LocalPostgresException("PostgreSQL refuses to run as root and there is no " + SERVICE_USER
          + " system user to run it as: apt-get install postgresql creates it", e);
    }
  }

  private static Optional<Path> firstExecutable(List<Path> candidates) {
    return candidates.stream().filter(Files::isExecutable).findFirst();
  }
}
