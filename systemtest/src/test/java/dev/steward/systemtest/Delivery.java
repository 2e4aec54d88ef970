package dev.steward.systemtest;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** What a pipeline test compares: which of the numbers 1..expected never arrived. */
final class Delivery {

  private Delivery() {
  }

  static List<Integer> missing(Map<Integer, Integer> seen, int expected) {
    List<Integer> missing = new ArrayList<>();
    for (int i = 1; i <= expected; i++) {
      if (!seen.containsKey(i)) {
        missing.add(i);
      }
    }
    return missing;
  }
}
