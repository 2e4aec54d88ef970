package dev.steward.common.render;

import dev.steward.common.inventory.PropertyRules;
import dev.steward.common.inventory.SysctlSettings;
import java.util.Optional;
import java.util.function.Function;

/**
 * Builds a {@code key=value} file line by line. Every key and value is checked again here,
 * whatever validated it before, so that no caller can make a rendered file gain a line: a
 * value that breaks the rules is a programming error and throws.
 */
final class PropertiesText {

  private final StringBuilder text = new StringBuilder(ManagedFile.HEADER).append('\n');
  private final Function<String, Optional<String>> keyRule;
  private final Function<String, Optional<String>> valueRule;

  private PropertiesText(Function<String, Optional<String>> keyRule, Function<String, Optional<String>> valueRule) {
    this.keyRule = keyRule;
    this.valueRule = valueRule;
  }

  static PropertiesText properties() {
    return new PropertiesText(PropertyRules::propertyKeyProblem, PropertyRules::valueProblem);
  }

  static PropertiesText sysctl() {
    return new PropertiesText(SysctlSettings::keyProblem, SysctlSettings::valueProblem);
  }

  PropertiesText put(String key, Object value) {
    String shown = String.valueOf(value);
    keyRule.apply(key).ifPresent(problem -> {
      throw new IllegalArgumentException("refusing to render the key: " + problem);
    });
    valueRule.apply(shown).ifPresent(problem -> {
      throw new IllegalArgumentException("refusing to render " + key + ": " + problem);
    });
    text.append(key).append('=').append(shown).append('\n');
    return this;
  }

  @Override
  public String toString() {
    return text.toString();
  }
}
