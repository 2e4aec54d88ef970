package dev.steward.coordinator.rebalance;

/** A rebalance or drain that cannot be planned safely; the message names what to do (exit 2). */
public final class PlanRefusedException extends Exception {

  public PlanRefusedException(String message) {
    super(message);
  }
}
