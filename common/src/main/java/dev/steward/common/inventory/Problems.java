package dev.steward.common.inventory;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Collects every problem found while reading and validating an inventory, so the user sees
 * them all at once. Also remembers which values could not be read at all, so that the
 * cross-field rules do not pile follow-up errors onto a value already reported as invalid.
 */
final class Problems {

  // a set: the same cross-host problem found from two hosts is reported once
  private final Set<InventoryProblem> errors = new LinkedHashSet<>();
  private final Set<InventoryProblem> warnings = new LinkedHashSet<>();
  private final Set<String> failedFields = new HashSet<>();

  /** A value that could not be read: reported, and left out of the cross-field rules. */
  void invalid(String field, String message, String fix) {
    error(field, message, fix);
    failedFields.add(field);
  }

  /** A value that cannot be read because its enclosing value is already reported as wrong. */
  void unreadable(String field) {
    failedFields.add(field);
  }

  /** A rule the (readable) values break. */
  void error(String field, String message, String fix) {
    errors.add(new InventoryProblem(field, message, fix));
  }

  void warning(String field, String message, String fix) {
    warnings.add(new InventoryProblem(field, message, fix));
  }

  /** True when this value, or a value enclosing it, could not be read. */
  boolean failed(String field) {
    for (String f = field; !f.isEmpty(); f = FieldPath.parent(f)) {
      if (failedFields.contains(f)) {
        return true;
      }
    }
    return false;
  }

  /** True when this value or anything inside it (a list item, a nested key) could not be read. */
  boolean failedWithin(String field) {
    return failed(field) || failedFields.stream()
        .anyMatch(f -> f.startsWith(field + "[") || f.startsWith(field + "."));
  }

  boolean hasErrors() {
    return !errors.isEmpty();
  }

  List<InventoryProblem> errors() {
    return new ArrayList<>(errors);
  }

  List<InventoryProblem> warnings() {
    return new ArrayList<>(warnings);
  }
}
