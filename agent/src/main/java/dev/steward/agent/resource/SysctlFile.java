package dev.steward.agent.resource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/** The sysctl drop-in Steward owns, and where each key lives under /proc/sys. Pure. */
final class SysctlFile {

  /** sysctl(8) names: dot-separated components; a '/' stands for a '.' inside one (an interface name). */
  private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_/-]*(\\.[A-Za-z0-9_][A-Za-z0-9_/-]*)+");

  private SysctlFile() {
  }

  /**
   * The file as the shared renderer writes it, with the keys sorted: the same values must
   * always give the same bytes, and proto maps have no order.
   */
  static String render(Map<String, String> values) {
    Map<String, String> sorted = new TreeMap<>();
    values.forEach((key, value) -> sorted.put(key, value.strip()));
    return dev.steward.common.render.SysctlRenderer.render(sorted);
  }

  /** "net.ipv4.conf.eth0/1.rp_filter" -> "net/ipv4/conf/eth0.1/rp_filter". */
  static String procPath(String key) {
    StringBuilder path = new StringBuilder(key.length());
    for (char c : key.toCharArray()) {
      path.append(c == '.' ? '/' : c == '/' ? '.' : c);
    }
    return path.toString();
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
      if (!KEY.matcher(key).matches() || key.contains("..") || procPath(key).contains("..")) {
        problems.add("sysctl key '" + key.replaceAll("\\p{Cntrl}", "?") + "' is not a sysctl name (like vm.swappiness)");
      }
      if (value.isBlank() || value.chars().anyMatch(c -> c < 0x20 && c != '\t' || c == 0x7f)) {
        problems.add("sysctl value of " + key.replaceAll("\\p{Cntrl}", "?")
            + " must be a non-empty single line without control characters");
      }
    });
    return problems;
  }
}
