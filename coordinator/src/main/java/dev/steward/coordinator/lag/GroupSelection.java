package dev.steward.coordinator.lag;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Which groups to report: the ones asked for, or every group when none was named. A name that is
 * not a consumer group of the cluster is a mistake to point out (with the names that exist, since
 * a typo is the usual cause), never an empty report.
 */
public final class GroupSelection {

  /** How many existing group names a message lists before it only counts the rest. */
  static final int NAMES_SHOWN = 20;

  private final List<String> groups;
  private final List<String> unknown;
  private final List<String> existing;

  private GroupSelection(List<String> groups, List<String> unknown, List<String> existing) {
    this.groups = groups;
    this.unknown = unknown;
    this.existing = existing;
  }

  public static GroupSelection of(Collection<String> requested, Collection<String> existing) {
    List<String> sortedExisting = List.copyOf(new TreeSet<>(existing));
    if (requested.isEmpty()) {
      return new GroupSelection(sortedExisting, List.of(), sortedExisting);
    }
    TreeSet<String> wanted = new TreeSet<>(requested);
    List<String> unknown = wanted.stream().filter(group -> !existing.contains(group)).toList();
    return new GroupSelection(List.copyOf(wanted), unknown, sortedExisting);
  }

  /** The groups to read, sorted and without repeats. */
  public List<String> groups() {
    return groups;
  }

  /** Why the selection cannot be reported, naming each unknown group and the groups there are. */
  public Optional<String> problem() {
    if (unknown.isEmpty()) {
      return Optional.empty();
    }
    String names = unknown.stream().map(group -> "'" + group + "'").collect(java.util.stream.Collectors.joining(", "));
    String subject = unknown.size() == 1 ? "no consumer group " + names + " exists" : "no consumer groups " + names + " exist";
    return Optional.of("--group: " + subject + " on this cluster; " + existingText());
  }

  private String existingText() {
    if (existing.isEmpty()) {
      return "the cluster has no consumer groups";
    }
    String shown = String.join(", ", existing.subList(0, Math.min(NAMES_SHOWN, existing.size())));
    int more = existing.size() - NAMES_SHOWN;
    return "its consumer groups: " + shown + (more > 0 ? " and " + more + " more" : "");
  }
}
