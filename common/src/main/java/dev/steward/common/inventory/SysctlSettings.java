package dev.steward.common.inventory;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a kernel parameter's name and value may be, for the inventory's {@code sysctl.values},
 * the rendered sysctl.d file and the agent's sysctl resource alike.
 *
 * <p>A name is two or more segments of letters, digits, '_' and '-', separated by single '.' or
 * '/', as sysctl.d(5) reads them: when the first separator is a '.', every '.' and '/' swap
 * places on the way to /proc/sys (so {@code net.ipv4.conf.eth0/100.rp_filter} names the
 * interface eth0.100); when it is a '/', the name is the path. No segment is empty, so no name
 * can climb out of /proc/sys, and the first character is a letter or digit, because sysctl.d
 * reads a leading '-' as "ignore errors".
 */
public final class SysctlSettings {

  public static final int MAX_KEY_LENGTH = 128;
  public static final String KEY_FIX = "a sysctl key is two or more parts of letters, digits, '_' and '-', "
      + "separated by single '.' or '/', starting with a letter or digit and at most " + MAX_KEY_LENGTH
      + " characters (e.g. vm.swappiness, net.ipv4.conf.eth0/100.rp_filter)";
  public static final String VALUE_FIX = "a sysctl value must be a non-empty single line of printable ASCII "
      + "without '=' or '\\' and without leading or trailing spaces";

  private static final Pattern KEY = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]*([./][A-Za-z0-9_-]+)+");

  private SysctlSettings() {
  }

  /** Why {@code key} cannot name a kernel parameter, or empty when it can. */
  public static Optional<String> keyProblem(String key) {
    Optional<String> missingOrBroken = PropertyRules.missingOrBrokenKey(key);
    if (missingOrBroken.isPresent()) {
      return missingOrBroken;
    }
    if (key.length() > MAX_KEY_LENGTH) {
      return Optional.of("the key is " + key.length() + " characters long (at most " + MAX_KEY_LENGTH + ")");
    }
    if (!KEY.matcher(key).matches()) {
      return Optional.of("the key " + Printable.quote(key) + " is not a kernel parameter name");
    }
    return Optional.empty();
  }

  /** Why {@code value} cannot be written as a kernel parameter's value, or empty when it can. */
  public static Optional<String> valueProblem(String value) {
    if (value != null && value.isEmpty()) {
      return Optional.of("the value is empty");
    }
    return PropertyRules.valueProblem(value);
  }

  /** Where a valid key lives under /proc/sys: "net.ipv4.conf.eth0/1.rp_filter" -> "net/ipv4/conf/eth0.1/rp_filter". */
  public static String procPath(String key) {
    int firstSeparator = indexOfSeparator(key);
    if (firstSeparator < 0 || key.charAt(firstSeparator) == '/') {
      return key;
    }
    StringBuilder path = new StringBuilder(key.length());
    for (char c : key.toCharArray()) {
      path.append(c == '.' ? '/' : c == '/' ? '.' : c);
    }
    return path.toString();
  }

  private static int indexOfSeparator(String key) {
    for (int i = 0; i < key.length(); i++) {
      if (key.charAt(i) == '.' || key.charAt(i) == '/') {
        return i;
      }
    }
    return -1;
  }
}
