package dev.steward.coordinator.ensemble;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The membership ZooKeeper itself holds (the content of {@code /zookeeper/config}, which every
 * member serves): its voting members and the configuration's version (the zxid that committed it,
 * in hex). Once reconfig is on, this, not Steward's rendered file, is the truth about who votes.
 *
 * @param observers ids of observers: Steward never adds them, but must not reuse their ids
 */
public record EnsembleConfig(List<EnsembleMember> members, List<Integer> observers, String version) {

  public EnsembleConfig {
    members = members.stream().sorted(Comparator.comparingInt(EnsembleMember::id)).toList();
    observers = List.copyOf(observers);
  }

  /** Parses the text of {@code /zookeeper/config} ("server.1=...\n...\nversion=100000000"). */
  public static EnsembleConfig parse(String text) {
    List<EnsembleMember> members = new ArrayList<>();
    List<Integer> observers = new ArrayList<>();
    String version = "";
    for (String line : text.split("\n")) {
      if (line.trim().startsWith("version=")) {
        version = line.trim().substring("version=".length());
        continue;
      }
      EnsembleMember.parse(line).ifPresent(parsed -> {
        if (parsed.observer()) {
          observers.add(parsed.member().id());
        } else {
          members.add(parsed.member());
        }
      });
    }
    return new EnsembleConfig(members, observers, version);
  }

  /** The version as a number, for reconfig's optimistic check ({@code fromConfig}); -1 when unknown. */
  public long versionNumber() {
    return version.isEmpty() ? -1 : Long.parseLong(version, 16);
  }

  public Optional<EnsembleMember> member(int id) {
    return members.stream().filter(m -> m.id() == id).findFirst();
  }

  public List<Integer> ids() {
    return members.stream().map(EnsembleMember::id).toList();
  }
}
