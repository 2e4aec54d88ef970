package dev.steward.coordinator.cdc;

/** A replication slot was not dropped because a client (normally the connector) is streaming from it. */
public final class SlotActiveException extends IllegalStateException {

  private final String slot;

  public SlotActiveException(String slot, Integer walSenderPid) {
    super("replication slot '" + slot + "' is active"
        + (walSenderPid == null ? "" : " (walsender pid " + walSenderPid + ")")
        + ": stop or delete the connector streaming from it first, then drop the slot");
    this.slot = slot;
  }

  public String slot() {
    return slot;
  }
}
