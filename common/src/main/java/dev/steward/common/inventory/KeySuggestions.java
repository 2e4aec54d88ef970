package dev.steward.common.inventory;

import java.util.Collection;
import java.util.Optional;

/** Finds the allowed key a typo was meant to be ("clientport" -> "clientPort"). */
final class KeySuggestions {

  private static final int MAX_DISTANCE = 2;

  private KeySuggestions() {
  }

  static Optional<String> closest(String typed, Collection<String> allowed) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : allowed) {
      int distance = candidate.equalsIgnoreCase(typed) ? 0 : distance(typed, candidate);
      if (distance < bestDistance) {
        best = candidate;
        bestDistance = distance;
      }
    }
    return bestDistance <= MAX_DISTANCE ? Optional.ofNullable(best) : Optional.empty();
  }

  /** Levenshtein distance, case-insensitive (a wrong case is the most common typo of all). */
  private static int distance(String a, String b) {
    String x = a.toLowerCase(java.util.Locale.ROOT);
    String y = b.toLowerCase(java.util.Locale.ROOT);
    int[] previous = new int[y.length() + 1];
    int[] current = new int[y.length() + 1];
    for (int j = 0; j <= y.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= x.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= y.length(); j++) {
        int substitution = previous[j - 1] + (x.charAt(i - 1) == y.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[y.length()];
  }
}
