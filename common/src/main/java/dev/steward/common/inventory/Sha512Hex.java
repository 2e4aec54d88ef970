package dev.steward.common.inventory;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a SHA-512 checksum looks like as text: 128 hexadecimal digits. People paste either case
 * (Apache publishes upper case, sha512sum prints lower case); the lower-case form is canonical,
 * because the agent's artifact store names each archive by its checksum and one archive must
 * have one name.
 */
public final class Sha512Hex {

  public static final String RULE = "128 hexadecimal digits";
  public static final String FIX = "write the 128 hexadecimal digits that `sha512sum <file>` prints";

  private static final Pattern CANONICAL = Pattern.compile("[0-9a-f]{128}");

  private Sha512Hex() {
  }

  /** The checksum in canonical (lower-case) form, or empty when {@code text} is not one in either case. */
  public static Optional<String> normalize(String text) {
    if (text == null) {
      return Optional.empty();
    }
    String lower = text.toLowerCase(Locale.ROOT);
    return isCanonical(lower) ? Optional.of(lower) : Optional.empty();
  }

  /** 128 hex digits, either case. */
  public static boolean isValid(String text) {
    return normalize(text).isPresent();
  }

  /** 128 lower-case hex digits: the form the coordinator sends and the agent stores. */
  public static boolean isCanonical(String text) {
    return text != null && CANONICAL.matcher(text).matches();
  }
}
