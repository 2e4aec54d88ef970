package dev.steward.common.inventory;

import java.time.Duration;

/** Host prerequisites checked before any change. Defaults are the guide's prerequisites. */
public record PreflightSpec(
    long minMemoryBytes,
    long minFreeDiskBytes,
    int minJavaFeatureVersion,
    Duration maxClockSkew) {
}
