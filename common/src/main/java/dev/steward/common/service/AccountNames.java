package dev.steward.common.service;

import java.util.regex.Pattern;

/**
 * What a user or group name may be, for the inventory and the agent's resources alike: the
 * portable subset useradd accepts, which also keeps a name from ever carrying a space, a newline
 * or a separator into a unit file or /etc/passwd. Upper case and '.' are refused although some
 * systems allow them: useradd's default NAME_REGEX does not, so such a user could not be created.
 */
public final class AccountNames {

  private static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9_-]{0,31}");
  public static final String RULE = "a lower-case letter or '_', then lower-case letters, digits, '_' or '-'; "
      + "at most 32 characters";

  private AccountNames() {
  }

  public static boolean isValid(String name) {
    return name != null && NAME.matcher(name).matches();
  }
}
