package dev.steward.common.service;

import java.util.regex.Pattern;

/**
 * What a user or group name may be: the portable subset useradd accepts, which also keeps a
 * name from ever carrying a space, a newline or a separator into a unit file or /etc/passwd.
 */
public final class AccountNames {

  public static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9_-]{0,31}");
  public static final String RULE = "[a-z_][a-z0-9_-]*, at most 32 characters";

  private AccountNames() {
  }

  public static boolean isValid(String name) {
    return name != null && NAME.matcher(name).matches();
  }
}
