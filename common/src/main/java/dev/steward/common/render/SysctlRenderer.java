package dev.steward.common.render;

import dev.steward.common.inventory.SysctlSpec;
import java.util.Map;

/** Renders /etc/sysctl.d/60-steward.conf: one {@code key=value} line per setting, in the given order. */
public final class SysctlRenderer {

  /** Where the file goes; the "60-" sorts it after the distribution's own defaults. */
  public static final String PATH = "/etc/sysctl.d/60-steward.conf";

  private SysctlRenderer() {
  }

  /** The inventory's settings (the guide's, with its overrides), in the guide's order. */
  public static String render(SysctlSpec sysctl) {
    return render(sysctl.values());
  }

  /** Any settings, in the map's iteration order (e.g. a SysctlResource's values). */
  public static String render(Map<String, String> values) {
    PropertiesText file = PropertiesText.sysctl();
    values.forEach(file::put);
    return file.toString();
  }
}
