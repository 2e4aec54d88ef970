package dev.steward.common.inventory;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a key and a value may contain to be written as one {@code key=value} line of a
 * .properties or sysctl.d file (sysctl keys have their own rule: {@link SysctlSettings}). The
 * loader uses these rules to refuse bad inventory values; the renderers apply them again so that
 * nothing unsafe is ever written, whoever built the model.
 *
 * <p>Values are limited to printable ASCII because ZooKeeper and Kafka read their files with
 * {@code java.util.Properties.load(InputStream)}, which decodes ISO-8859-1: any other character
 * would not reach them as written, and Unicode line separators (U+2028, U+0085, ...) end a line
 * for some other tools. A backslash is refused because it is the .properties escape character
 * (a trailing one would continue the value onto the next line). {@code =} is refused as the
 * design demands, although java.util.Properties would read it back correctly after the first one.
 */
public final class PropertyRules {

  /** Far above any real setting; a longer value is a mistake or an attack, not configuration. */
  public static final int MAX_VALUE_LENGTH = 4096;

  /** What a property key must look like. */
  public static final Pattern PROPERTY_KEY = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

  public static final String KEY_FIX = "a property key may only use letters, digits, '.', '_' and '-', "
      + "and must start with a letter or digit";
  public static final String VALUE_FIX = "a properties value must be a single line of printable ASCII "
      + "without '=' or '\\' and without leading or trailing spaces";

  private PropertyRules() {
  }

  /** Why {@code key} cannot be a property key, or empty when it can. */
  public static Optional<String> propertyKeyProblem(String key) {
    Optional<String> missingOrBroken = missingOrBrokenKey(key);
    if (missingOrBroken.isPresent() || PROPERTY_KEY.matcher(key).matches()) {
      return missingOrBroken;
    }
    return Optional.of("the key " + Printable.quote(key) + " contains characters a key may not have");
  }

  /** The problems every kind of key is checked for first, named plainly rather than as "bad characters". */
  static Optional<String> missingOrBrokenKey(String key) {
    if (key == null || key.isEmpty()) {
      return Optional.of("the key is empty");
    }
    if (key.indexOf('\n') >= 0 || key.indexOf('\r') >= 0) {
      return Optional.of("the key contains a line break");
    }
    return Optional.empty();
  }

  /** Why {@code value} cannot be written as a property value, or empty when it can. */
  public static Optional<String> valueProblem(String value) {
    if (value == null) {
      return Optional.of("the value is missing");
    }
    // The worst offenders first: these are the ones that would add a line to the file.
    if (value.indexOf('\n') >= 0) {
      return Optional.of("the value contains a newline");
    }
    if (value.indexOf('\r') >= 0) {
      return Optional.of("the value contains a carriage return");
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (Character.isISOControl(c)) {
        return Optional.of("the value contains the control character " + Printable.codePoint(c));
      }
      if (c > 0x7e) {
        return Optional.of("the value contains the non-ASCII character " + Printable.codePoint(c));
      }
      if (c == '=') {
        return Optional.of("the value contains '='");
      }
      if (c == '\\') {
        return Optional.of("the value contains a backslash, the escape character of .properties files");
      }
    }
    if (!value.isEmpty() && (value.charAt(0) == ' ' || value.charAt(value.length() - 1) == ' ')) {
      return Optional.of("the value starts or ends with a space, which would be dropped or kept invisibly");
    }
    if (value.length() > MAX_VALUE_LENGTH) {
      return Optional.of("the value is " + value.length() + " characters long (at most " + MAX_VALUE_LENGTH + ")");
    }
    return Optional.empty();
  }
}
