package dev.steward.agent.resource.ufw;

import dev.steward.common.render.FirewallSources;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * A rule's source as ufw will print it back: an address literal (never a name: no DNS here)
 * or a network, normalized the way ufw normalizes it (host bits cleared, /32 and /128
 * dropped, IPv6 compressed), so desired and listed rules compare equal. Pure.
 */
final class SourceAddress {

  private SourceAddress() {
  }

  /** "" stays "" (anywhere); empty result when the text is not a firewall source ({@link FirewallSources}). */
  static Optional<String> normalize(String text) {
    if (text.isEmpty()) {
      return Optional.of("");
    }
    if (!FirewallSources.isValid(text)) {
      return Optional.empty();
    }
    int slash = text.indexOf('/');
    String address = slash < 0 ? text : text.substring(0, slash);
    Integer prefix = slash < 0 ? null : Integer.valueOf(text.substring(slash + 1));
    byte[] bytes;
    try {
      bytes = InetAddress.getByName(address).getAddress(); // a checked literal: parsed, never resolved
    } catch (UnknownHostException e) {
      return Optional.empty();
    }
    int bits = bytes.length * 8;
    if (prefix == null || prefix == bits) {
      return Optional.of(format(bytes));
    }
    BigInteger mask = BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE)
        .xor(BigInteger.ONE.shiftLeft(bits - prefix).subtract(BigInteger.ONE));
    byte[] network = toBytes(new BigInteger(1, bytes).and(mask), bytes.length);
    return Optional.of(format(network) + "/" + prefix);
  }

  private static byte[] toBytes(BigInteger value, int length) {
    byte[] raw = value.toByteArray();
    byte[] out = new byte[length];
    int copy = Math.min(raw.length, length);
    System.arraycopy(raw, raw.length - copy, out, length - copy, copy);
    return out;
  }

  private static String format(byte[] bytes) {
    if (bytes.length == 4) {
      return (bytes[0] & 0xff) + "." + (bytes[1] & 0xff) + "." + (bytes[2] & 0xff) + "." + (bytes[3] & 0xff);
    }
    return compressIpv6(bytes);
  }

  /** RFC 5952: lower case, the longest run of two or more zero groups as "::". */
  private static String compressIpv6(byte[] bytes) {
    int[] groups = new int[8];
    for (int i = 0; i < 8; i++) {
      groups[i] = ((bytes[2 * i] & 0xff) << 8) | (bytes[2 * i + 1] & 0xff);
    }
    int bestStart = -1;
    int bestLength = 0;
    for (int i = 0; i < 8; ) {
      if (groups[i] != 0) {
        i++;
        continue;
      }
      int j = i;
      while (j < 8 && groups[j] == 0) {
        j++;
      }
      if (j - i > bestLength && j - i >= 2) {
        bestStart = i;
        bestLength = j - i;
      }
      i = j;
    }
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        text.append("::");
        i += bestLength - 1;
        continue;
      }
      if (text.length() > 0 && text.charAt(text.length() - 1) != ':') {
        text.append(':');
      }
      text.append(Integer.toHexString(groups[i]));
    }
    return text.toString();
  }
}
