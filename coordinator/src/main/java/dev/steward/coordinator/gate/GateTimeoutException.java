package dev.steward.coordinator.gate;

/** A gate's condition did not become true in time; carries what was last observed. */
public final class GateTimeoutException extends Exception {

  private static final long serialVersionUID = 1L;

  private final String lastObserved;

  public GateTimeoutException(String gate, String lastObserved, java.time.Duration waited) {
    super(gate + ": not reached after " + dev.steward.coordinator.progress.Elapsed.format(waited)
        + "; last seen: " + lastObserved);
    this.lastObserved = lastObserved;
  }

  public String lastObserved() {
    return lastObserved;
  }
}
