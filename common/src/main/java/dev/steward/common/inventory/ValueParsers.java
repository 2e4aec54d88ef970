package dev.steward.common.inventory;

import com.fasterxml.jackson.databind.JsonNode;
import dev.steward.common.render.FirewallSources;
import dev.steward.common.render.JvmCommandLine;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/** The value parsers the inventory is read with; each message says what was expected and what was found. */
final class ValueParsers {

  private ValueParsers() {
  }

  /** A string (YAML quoted or plain scalar) that {@code valid} accepts. */
  static ValueParser<String> string(String expected, String fix, Predicate<String> valid) {
    return node -> {
      String text = requireText(node, expected, fix);
      if (!valid.test(text)) {
        throw new InvalidValue(Printable.quote(text) + " is not " + expected, fix);
      }
      return text;
    };
  }

  static ValueParser<String> matching(Pattern pattern, String expected, String fix) {
    return string(expected, fix, text -> pattern.matcher(text).matches());
  }

  /** A string checked by a rule that explains itself (returns the problem, or empty). */
  static ValueParser<String> checked(String expected, String fix, Function<String, Optional<String>> problem) {
    return node -> {
      String text = requireText(node, expected, fix);
      Optional<String> wrong = problem.apply(text);
      if (wrong.isPresent()) {
        throw new InvalidValue(wrong.get(), fix);
      }
      return text;
    };
  }

  /**
   * A version-like string ("3.9", "2.13"). YAML reads an unquoted 3.9 as a number; the loader
   * keeps floats as exact decimals, so its text is what the user wrote and is accepted as well.
   */
  static ValueParser<String> versionText(Pattern pattern, String expected, String fix) {
    return node -> {
      String text = node.isBigDecimal() ? node.decimalValue().toPlainString()
          : node.isIntegralNumber() ? node.asText() : requireText(node, expected, fix);
      if (!pattern.matcher(text).matches()) {
        throw new InvalidValue(Printable.quote(text) + " is not " + expected, fix);
      }
      return text;
    };
  }

  static ValueParser<Integer> integer(int min, int max, String fix) {
    return node -> {
      String expected = "an integer from " + min + " to " + max;
      if (!node.isIntegralNumber()) {
        throw new InvalidValue("expected " + expected + ", got " + describe(node),
            node.isTextual() ? "write the number without quotes; " + fix : fix);
      }
      if (!node.canConvertToLong() || node.asLong() < min || node.asLong() > max) {
        throw new InvalidValue(node.asText() + " is out of range: expected " + expected, fix);
      }
      return node.intValue();
    };
  }

  static ValueParser<Integer> port() {
    return integer(1, 65535, "use a TCP port number from 1 to 65535");
  }

  static ValueParser<Boolean> bool() {
    return node -> {
      if (!node.isBoolean()) {
        throw new InvalidValue("expected true or false, got " + describe(node), "write true or false without quotes");
      }
      return node.booleanValue();
    };
  }

  static ValueParser<Long> size() {
    return node -> {
      String text = requireText(node, Sizes.SIZE_FORMAT, "write " + Sizes.SIZE_FORMAT);
      return boxed(Sizes.parse(text).stream().boxed().findFirst(), text, Sizes.SIZE_FORMAT);
    };
  }

  static ValueParser<String> heap() {
    return node -> {
      String fix = "write " + Sizes.HEAP_FORMAT + ", at least 16m";
      String text = requireText(node, Sizes.HEAP_FORMAT, fix);
      if (!Sizes.isJvmHeap(text)) {
        throw new InvalidValue(Printable.quote(text) + " is not " + Sizes.HEAP_FORMAT, fix);
      }
      if (Sizes.parse(text).getAsLong() < Sizes.MIN_HEAP_BYTES) {
        throw new InvalidValue(Printable.quote(text) + " is less than 16 MiB (a number without a unit is bytes)", fix);
      }
      return text;
    };
  }

  /** A duration; {@code allowZero} for timeouts, where 0 means "wait forever". */
  static ValueParser<Duration> duration(boolean allowZero) {
    return node -> {
      String text = requireText(node, Durations.FORMAT, "write " + Durations.FORMAT);
      Duration duration = boxed(Durations.parse(text), text, Durations.FORMAT);
      if (!allowZero && duration.isZero()) {
        throw new InvalidValue("must be longer than 0", "write " + Durations.FORMAT + " greater than zero");
      }
      return duration;
    };
  }

  static ValueParser<String> absolutePath() {
    return checked("an absolute path", PathRules.FIX, PathRules::absolutePathProblem);
  }

  static ValueParser<String> hostAddress() {
    return string("an IPv4 address, an IPv6 address or a DNS name", "write the address other hosts and "
        + "clients reach this host at, e.g. 192.168.1.184, fd00::12 or kafka1.example.net", Addresses::isHostAddress);
  }

  /** A firewall rule's source. */
  static ValueParser<String> ipOrCidr() {
    return string(FirewallSources.RULE, "write an address or network like " + FirewallSources.EXAMPLES
        + " (ufw cannot filter by name)", FirewallSources::isValid);
  }

  static ValueParser<String> jvmOption() {
    return string("a single JVM option", "each option must be -server or start with -X or -D, without "
        + "whitespace; put each option in its own list item", JvmCommandLine::isValidJvmOption);
  }

  /**
   * A property value: any YAML scalar, as text. Numbers keep their exact decimal text; the
   * result obeys {@link PropertyRules#valueProblem}.
   */
  static ValueParser<String> propertyValue() {
    return scalarChecked(PropertyRules::valueProblem, PropertyRules.VALUE_FIX);
  }

  static ValueParser<String> sysctlValue() {
    return scalarChecked(SysctlSettings::valueProblem, SysctlSettings.VALUE_FIX);
  }

  /** Any scalar (numbers and booleans as written), checked by a rule that explains itself. */
  private static ValueParser<String> scalarChecked(Function<String, Optional<String>> problem, String fix) {
    return node -> {
      String text = scalarText(node);
      Optional<String> wrong = problem.apply(text);
      if (wrong.isPresent()) {
        throw new InvalidValue(wrong.get(), fix);
      }
      return text;
    };
  }

  /** "the string \"x\"", "the number 3", "a list": how a value that has the wrong type is shown. */
  static String describe(JsonNode node) {
    if (node.isTextual()) {
      return "the string " + Printable.quote(node.textValue());
    }
    if (node.isNumber()) {
      return "the number " + numberText(node);
    }
    if (node.isBoolean()) {
      return "the boolean " + node.asText();
    }
    if (node.isArray()) {
      return "a list";
    }
    if (node.isObject()) {
      return "a mapping";
    }
    if (node.isBinary()) {
      return "binary data";
    }
    return "a " + node.getNodeType().toString().toLowerCase(java.util.Locale.ROOT) + " value";
  }

  static String scalarText(JsonNode node) throws InvalidValue {
    if (node.isTextual()) {
      return node.textValue();
    }
    if (node.isNumber()) {
      return numberText(node);
    }
    if (node.isBoolean()) {
      return node.asText();
    }
    throw new InvalidValue("expected a single value (string, number or true/false), got " + describe(node),
        "write one value on the same line as its key");
  }

  private static String numberText(JsonNode node) {
    // the loader reads floats as exact decimals, so 3.10 stays "3.10" rather than becoming 3.1
    return node.isBigDecimal() ? node.decimalValue().toPlainString() : node.asText();
  }

  private static String requireText(JsonNode node, String expected, String fix) throws InvalidValue {
    if (!node.isTextual()) {
      throw new InvalidValue("expected " + expected + ", got " + describe(node), fix);
    }
    return node.textValue();
  }

  private static <T> T boxed(Optional<T> value, String text, String format) throws InvalidValue {
    return value.orElseThrow(() -> new InvalidValue(Printable.quote(text) + " is not " + format, "write " + format));
  }
}
