package dev.steward.coordinator.ensemble;

import dev.steward.common.zookeeper.FourLetterWordParser;
import java.util.Map;
import java.util.Optional;

/**
 * The few facts the executor needs out of four-letter-word answers: srvr and mntr through the
 * agent's own parser, plus the two it never needed (the epoch, conf's version). Pure.
 */
final class MemberAnswers {

  private MemberAnswers() {
  }

  /** srvr's "Mode: leader" -> "leader"; "" when absent. */
  static String mode(String srvr) {
    return FourLetterWordParser.parse("srvr", srvr).mode();
  }

  /**
   * The epoch of srvr's "Zxid: 0x..." (its high 32 bits): each new leader starts a higher one, and
   * a quorum that accepted a newer epoch no longer acknowledges an older leader.
   */
  static long epoch(String srvr) {
    for (String line : srvr.split("\n")) {
      if (line.startsWith("Zxid:")) {
        String hex = line.substring("Zxid:".length()).trim();
        return Long.parseLong(hex.startsWith("0x") ? hex.substring(2) : hex, 16) >>> 32;
      }
    }
    return -1;
  }

  /** mntr's tab-separated key/value lines. */
  static Map<String, String> monitor(String mntr) {
    return FourLetterWordParser.parse("mntr", mntr).values();
  }

  /** conf's "version=..." line: the membership version this member runs with. */
  static Optional<String> configVersion(String conf) {
    for (String line : conf.split("\n")) {
      if (line.trim().startsWith("version=")) {
        return Optional.of(line.trim().substring("version=".length()));
      }
    }
    return Optional.empty();
  }
}
