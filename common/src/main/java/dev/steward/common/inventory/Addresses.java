package dev.steward.common.inventory;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Recognises host addresses and networks purely from their text: it never resolves a name,
 * so validating an inventory makes no DNS query.
 */
public final class Addresses {

  private static final Pattern IPV4_PART = Pattern.compile("0|[1-9][0-9]{0,2}");
  private static final Pattern DNS_LABEL = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?");
  private static final Pattern HEX_GROUP = Pattern.compile("[0-9A-Fa-f]{1,4}");
  private static final Pattern PREFIX_LENGTH = Pattern.compile("0|[1-9][0-9]{0,2}");

  private Addresses() {
  }

  /** Dotted-quad IPv4 without leading zeros (which some parsers read as octal). */
  public static boolean isIpv4(String text) {
    return ipv4Bytes(text).isPresent();
  }

  /** An IPv6 literal without brackets or zone id. */
  public static boolean isIpv6(String text) {
    return ipv6Bytes(text).isPresent();
  }

  public static boolean isIpLiteral(String text) {
    return isIpv4(text) || isIpv6(text);
  }

  /** An RFC 1123 host name. A name whose last label is numeric is not one (it is a broken IPv4). */
  public static boolean isDnsName(String text) {
    if (text == null || text.isEmpty() || text.length() > 253) {
      return false;
    }
    String[] labels = text.split("\\.", -1);
    for (String label : labels) {
      if (!DNS_LABEL.matcher(label).matches()) {
        return false;
      }
    }
    return !labels[labels.length - 1].chars().allMatch(Character::isDigit);
  }

  /** What a host's address may be: an IPv4 or IPv6 literal, or a DNS name. */
  public static boolean isHostAddress(String text) {
    return isIpLiteral(text) || isDnsName(text);
  }

  /** 127.0.0.0/8 or ::1. Names (even "localhost") are not trusted to be loopback. */
  public static boolean isLoopback(String text) {
    Optional<byte[]> v4 = ipv4Bytes(text);
    if (v4.isPresent()) {
      return v4.get()[0] == 127;
    }
    Optional<byte[]> v6 = ipv6Bytes(text);
    if (v6.isEmpty()) {
      return false;
    }
    byte[] bytes = v6.get();
    for (int i = 0; i < 15; i++) {
      if (bytes[i] != 0) {
        return false;
      }
    }
    return bytes[15] == 1;
  }

  /** An IP address, or a network in CIDR notation ("10.0.0.0/8", "fd00::/64"). */
  public static boolean isIpOrCidr(String text) {
    if (text == null) {
      return false;
    }
    int slash = text.indexOf('/');
    if (slash < 0) {
      return isIpLiteral(text);
    }
    String address = text.substring(0, slash);
    String prefix = text.substring(slash + 1);
    if (!PREFIX_LENGTH.matcher(prefix).matches()) {
      return false;
    }
    int length = Integer.parseInt(prefix);
    return isIpv4(address) ? length <= 32 : isIpv6(address) && length <= 128;
  }

  /**
   * A form that is equal for equal addresses: IPv6 literals fully expanded, names and hex
   * digits lower-cased. Used to find duplicates ("::1" and "0:0:0:0:0:0:0:1" are one host).
   */
  public static String canonical(String text) {
    Optional<byte[]> v6 = ipv6Bytes(text);
    if (v6.isPresent()) {
      StringBuilder out = new StringBuilder();
      byte[] bytes = v6.get();
      for (int i = 0; i < 16; i += 2) {
        out.append(i == 0 ? "" : ":").append(Integer.toHexString(((bytes[i] & 0xff) << 8) | (bytes[i + 1] & 0xff)));
      }
      return out.toString();
    }
    return text.toLowerCase(Locale.ROOT);
  }

  private static Optional<byte[]> ipv4Bytes(String text) {
    if (text == null) {
      return Optional.empty();
    }
    String[] parts = text.split("\\.", -1);
    if (parts.length != 4) {
      return Optional.empty();
    }
    byte[] bytes = new byte[4];
    for (int i = 0; i < 4; i++) {
      if (!IPV4_PART.matcher(parts[i]).matches()) {
        return Optional.empty();
      }
      int value = Integer.parseInt(parts[i]);
      if (value > 255) {
        return Optional.empty();
      }
      bytes[i] = (byte) value;
    }
    return Optional.of(bytes);
  }

  private static Optional<byte[]> ipv6Bytes(String text) {
    if (text == null || text.indexOf(':') < 0 || text.length() > 45) {
      return Optional.empty();
    }
    int gap = text.indexOf("::");
    if (gap >= 0 && text.indexOf("::", gap + 1) >= 0) {
      return Optional.empty();
    }
    String head = gap >= 0 ? text.substring(0, gap) : text;
    String tail = gap >= 0 ? text.substring(gap + 2) : "";
    Optional<int[]> headGroups = groups(head, gap < 0);
    Optional<int[]> tailGroups = groups(tail, true);
    if (headGroups.isEmpty() || tailGroups.isEmpty()) {
      return Optional.empty();
    }
    int[] h = headGroups.get();
    int[] t = tailGroups.get();
    int total = h.length + t.length;
    if (gap < 0 ? total != 8 : total > 7) {
      return Optional.empty();
    }
    byte[] bytes = new byte[16];
    for (int i = 0; i < h.length; i++) {
      put(bytes, i, h[i]);
    }
    for (int i = 0; i < t.length; i++) {
      put(bytes, 8 - t.length + i, t[i]);
    }
    return Optional.of(bytes);
  }

  /** 16-bit groups of one side of "::"; the last may be an embedded IPv4 address (two groups). */
  private static Optional<int[]> groups(String side, boolean mayEndInIpv4) {
    if (side.isEmpty()) {
      return Optional.of(new int[0]);
    }
    String[] parts = side.split(":", -1);
    int[] out = new int[parts.length + 1];
    int count = 0;
    for (int i = 0; i < parts.length; i++) {
      boolean last = i == parts.length - 1;
      Optional<byte[]> v4 = last && mayEndInIpv4 ? ipv4Bytes(parts[i]) : Optional.empty();
      if (v4.isPresent()) {
        byte[] b = v4.get();
        out[count++] = ((b[0] & 0xff) << 8) | (b[1] & 0xff);
        out[count++] = ((b[2] & 0xff) << 8) | (b[3] & 0xff);
      } else if (HEX_GROUP.matcher(parts[i]).matches()) {
        out[count++] = Integer.parseInt(parts[i], 16);
      } else {
        return Optional.empty();
      }
    }
    return Optional.of(java.util.Arrays.copyOf(out, count));
  }

  private static void put(byte[] bytes, int group, int value) {
    bytes[group * 2] = (byte) (value >> 8);
    bytes[group * 2 + 1] = (byte) value;
  }
}
