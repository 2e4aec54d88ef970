package dev.steward.common.render;

import java.util.regex.Pattern;

/**
 * What a firewall rule's tag may be. The agent writes it into the ufw comment
 * {@code steward:<tag>} and later finds its own rules by it, so the coordinator's rules
 * ({@link FirewallRules}: "zk-peer-fd00::12") and the agent's checks must agree on one form.
 */
public final class FirewallTags {

  public static final int MAX_LENGTH = 64;
  public static final String RULE = "1 to " + MAX_LENGTH + " letters, digits, '_', '.', ':', '/' or '-', "
      + "starting with a letter or digit";

  private static final Pattern TAG = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:/-]{0," + (MAX_LENGTH - 1) + "}");

  private FirewallTags() {
  }

  public static boolean isValid(String tag) {
    return tag != null && TAG.matcher(tag).matches();
  }
}
