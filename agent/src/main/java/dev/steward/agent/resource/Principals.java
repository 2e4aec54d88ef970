package dev.steward.agent.resource;

import dev.steward.agent.host.Ownership;
import java.io.IOException;
import java.nio.file.FileSystem;
import java.util.ArrayList;
import java.util.List;

/** Checks that the owner and group a resource names exist, so diff can fail early and clearly. */
final class Principals {

  private Principals() {
  }

  /** Messages for the names that do not exist (empty names are "leave as is" and always fine). */
  static List<String> missing(FileSystem fs, String owner, String group) throws IOException {
    List<String> missing = new ArrayList<>();
    if (!owner.isEmpty() && !Ownership.userExists(fs, owner)) {
      missing.add("user '" + owner + "'");
    }
    if (!group.isEmpty() && !Ownership.groupExists(fs, group)) {
      missing.add("group '" + group + "'");
    }
    return missing;
  }

  static String missingMessage(List<String> missing, String field) {
    return String.join(" and ", missing) + (missing.size() == 1 ? " does" : " do")
        + " not exist on this host: create it first (a user resource before this one) or fix " + field;
  }

  /** "owner kafka -> root" lines for the diff; empty when nothing differs. */
  static List<String> drift(String desiredOwner, String desiredGroup, String actualOwner, String actualGroup) {
    List<String> lines = new ArrayList<>();
    if (!desiredOwner.isEmpty() && !desiredOwner.equals(actualOwner)) {
      lines.add("owner " + actualOwner + " -> " + desiredOwner);
    }
    if (!desiredGroup.isEmpty() && !desiredGroup.equals(actualGroup)) {
      lines.add("group " + actualGroup + " -> " + desiredGroup);
    }
    return lines;
  }
}
