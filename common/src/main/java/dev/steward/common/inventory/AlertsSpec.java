package dev.steward.common.inventory;

import java.time.Duration;

/**
 * The thresholds of {@code steward status}'s alerts (the inventory's {@code alerts:} section).
 *
 * @param diskFreeBelowPercent alert when a data directory's file store has less than this share free (0 when the
 *     threshold is a size)
 * @param diskFreeBelowBytes alert when it has less than this many bytes free (0 when the threshold is a share)
 * @param consumerLagAbove alert when a consumer group's total lag is above this many records
 * @param certificateExpiresWithin alert when the coordinator's or an agent's certificate expires within this
 * @param walHeldAbove alert when an inactive replication slot of a declared Debezium connector holds more WAL
 */
public record AlertsSpec(int diskFreeBelowPercent, long diskFreeBelowBytes, long consumerLagAbove,
                         Duration certificateExpiresWithin, long walHeldAbove) {

  /** The defaults docs/inventory.md documents. */
  public static final AlertsSpec DEFAULTS = new AlertsSpec(10, 0, 10_000, Duration.ofDays(30), 256L << 20);

  /** True when a file store with {@code usableBytes} free of {@code totalBytes} is below the threshold. */
  public boolean diskFreeBelow(long usableBytes, long totalBytes) {
    if (diskFreeBelowPercent > 0) {
      return totalBytes > 0 && usableBytes * 100 < (long) diskFreeBelowPercent * totalBytes;
    }
    return usableBytes < diskFreeBelowBytes;
  }

  /** The disk threshold as the inventory writes it, e.g. "10%" or "5368709120 bytes". */
  public String describeDiskThreshold() {
    return diskFreeBelowPercent > 0 ? diskFreeBelowPercent + "%" : diskFreeBelowBytes + " bytes";
  }
}
