package dev.steward.common.inventory;

import java.util.Map;

/** Kernel tuning: the guide's values with the inventory's overrides, or nothing when disabled. */
public record SysctlSpec(boolean enabled, Map<String, String> values) {

  public SysctlSpec {
    values = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(values));
  }
}
