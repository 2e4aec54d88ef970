package dev.steward.common.inventory;

import java.util.regex.Pattern;

/**
 * What a Debian package name may be, for the inventory's install section and the agent's
 * package resources alike: Debian policy 5.6.1 (lower-case letters, digits, '+', '-', '.',
 * two or more, starting with a letter or digit), bounded, and never ending in '-', because
 * {@code apt-get install name-} removes the package {@code name} instead of installing anything.
 */
public final class AptPackageNames {

  public static final String RULE = "lower-case letters, digits, '+', '-' and '.'; 2 to 128 characters, "
      + "starting with a letter or digit and not ending in '-'";
  public static final String EXAMPLE = "openjdk-17-jre-headless";

  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9+.-]{0,126}[a-z0-9+.]");

  private AptPackageNames() {
  }

  public static boolean isValid(String name) {
    return name != null && NAME.matcher(name).matches();
  }
}
