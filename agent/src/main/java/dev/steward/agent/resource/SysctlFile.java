package dev.steward.agent.resource;

import dev.steward.common.inventory.SysctlSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The sysctl drop-in Steward owns, and where each key lives under /proc/sys. Pure. */
final class SysctlFile {

  private SysctlFile() {
  }

  /**
   * The file as the shared renderer writes it, with the keys sorted: the same values must
   * always give the same bytes, and proto maps have no order.
   */
  static String render(Map<String, String> values) {
    return dev.steward.common.render.SysctlRenderer.render(new TreeMap<>(values));
  }

  /** "net.ipv4.conf.eth0/1.rp_filter" -> "net/ipv4/conf/eth0.1/rp_filter", as sysctl.d(5) reads it. */
  static String procPath(String key) {
    return SysctlSettings.procPath(key);
  }

  /** The kernel prints multi-value keys tab-separated; a file says them with spaces. */
  static String normalize(String value) {
    return value.strip().replaceAll("\\s+", " ");
  }

  /** One message per key or value that cannot go into the file safely. */
  static List<String> problems(Map<String, String> values) {
    List<String> problems = new ArrayList<>();
    if (values.isEmpty()) {
      problems.add("sysctl.values is empty: give at least one key, e.g. vm.swappiness = 1");
    }
    new TreeMap<>(values).forEach((key, value) -> {
      SysctlSettings.keyProblem(key).ifPresent(problem ->
          problems.add("sysctl.values key: " + problem + ": " + SysctlSettings.KEY_FIX));
      SysctlSettings.valueProblem(value).ifPresent(problem ->
          problems.add("sysctl value of " + key.replaceAll("\\p{Cntrl}", "?") + ": " + problem + ": "
              + SysctlSettings.VALUE_FIX));
    });
    return problems;
  }
}
