package dev.steward.agent.service;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kills the agent at a named point of a service operation, for fault tests that must hit each
 * point exactly (a {@code kill -9} from outside lands wherever it lands). Off unless the agent
 * was started with {@code STEWARD_AGENT_CRASH_POINTS=1}; then a file {@code crash-point} in the
 * agent's state directory names the point, and is deleted when the agent dies there, so the
 * restarted agent runs normally. docs/operations.md, "Fault tests".
 */
public final class CrashPoints {

  /** Journaled as started; the service not yet touched. */
  public static final String JOURNALED = "control-journaled";
  /** A restart's stop done, its start not yet. */
  public static final String STOPPED = "restart-stopped";
  /** The service restarted; the journal not yet told. */
  public static final String RESTARTED = "control-done-unjournaled";

  public static final String ENVIRONMENT = "STEWARD_AGENT_CRASH_POINTS";

  private static final Logger log = LoggerFactory.getLogger(CrashPoints.class);

  public static final CrashPoints NONE = new CrashPoints(null);

  private final Path armedFile;

  private CrashPoints(Path armedFile) {
    this.armedFile = armedFile;
  }

  public static CrashPoints fromEnvironment(Path stateDir) {
    return "1".equals(System.getenv(ENVIRONMENT)) ? new CrashPoints(stateDir.resolve("crash-point")) : NONE;
  }

  public boolean armed(String point) {
    if (armedFile == null || !Files.isRegularFile(armedFile)) {
      return false;
    }
    try {
      return Files.readString(armedFile, StandardCharsets.UTF_8).trim().equals(point);
    } catch (IOException e) {
      return false;
    }
  }

  /** Dies at once, as {@code kill -9} would, when this point is armed. */
  public void reach(String point) {
    if (armed(point)) {
      try {
        Files.deleteIfExists(armedFile);
      } catch (IOException e) {
        // dying anyway; the test notices an agent that dies again
      }
      log.warn("crash point {} reached: the agent halts now (fault test)", point);
      Runtime.getRuntime().halt(137);
    }
  }
}
