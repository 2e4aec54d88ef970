package dev.steward.agent.resource;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** /etc/passwd and /etc/group as the host has them. Pure parsing. */
record AccountFiles(Map<String, User> users, Map<String, Long> groupIds) {

  /** One passwd entry. */
  record User(String name, long uid, long gid, String home, String shell) {
  }

  static AccountFiles parse(String passwd, String group) {
    Map<String, User> users = new LinkedHashMap<>();
    for (String line : passwd.split("\n")) {
      String[] f = line.split(":", -1);
      if (f.length >= 7 && !line.startsWith("#") && !f[0].startsWith("+") && !f[0].startsWith("-")) {
        parseLong(f[2]).ifPresent(uid -> parseLong(f[3]).ifPresent(gid ->
            users.putIfAbsent(f[0], new User(f[0], uid, gid, f[5], f[6]))));
      }
    }
    Map<String, Long> groups = new LinkedHashMap<>();
    for (String line : group.split("\n")) {
      String[] f = line.split(":", -1);
      if (f.length >= 3 && !line.startsWith("#") && !f[0].startsWith("+") && !f[0].startsWith("-")) {
        parseLong(f[2]).ifPresent(gid -> groups.putIfAbsent(f[0], gid));
      }
    }
    return new AccountFiles(Map.copyOf(users), Map.copyOf(groups));
  }

  Optional<User> user(String name) {
    return Optional.ofNullable(users.get(name));
  }

  Optional<Long> groupId(String name) {
    return Optional.ofNullable(groupIds.get(name));
  }

  /** The group name of a gid, for messages. */
  String groupName(long gid) {
    return groupIds.entrySet().stream().filter(e -> e.getValue() == gid).map(Map.Entry::getKey).findFirst()
        .orElse(Long.toString(gid));
  }

  private static Optional<Long> parseLong(String text) {
    try {
      return Optional.of(Long.parseLong(text));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}
