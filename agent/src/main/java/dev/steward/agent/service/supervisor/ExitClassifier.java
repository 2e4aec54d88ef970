package dev.steward.agent.service.supervisor;

/** How to read a service's exit status. Pure. */
final class ExitClassifier {

  /** 128 + SIGTERM: the JVM's status after its shutdown hooks ran on a SIGTERM. */
  static final int SIGTERM_EXIT = 143;

  private ExitClassifier() {
  }

  /**
   * Clean stop: 0, or 143 after SIGTERM (a controlled shutdown). Anything else is a failure
   * (including -1, "unknown", which is what an adopted process reports).
   */
  static boolean isCleanStop(int exitStatus) {
    return exitStatus == 0 || exitStatus == SIGTERM_EXIT;
  }

  /** After our own SIGTERM: as above, and an unknown status (an adopted process) is taken as clean too. */
  static boolean isCleanAfterOurStop(int exitStatus) {
    return exitStatus == -1 || isCleanStop(exitStatus);
  }
}
