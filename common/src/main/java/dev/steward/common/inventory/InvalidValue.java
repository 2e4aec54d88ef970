package dev.steward.common.inventory;

/**
 * A value parser's refusal: what is wrong and how to fix it. Always caught by
 * {@link YamlMap} and turned into an {@link InventoryProblem}; it never leaves the loader.
 */
final class InvalidValue extends Exception {

  private static final long serialVersionUID = 1L;

  private final String fix;

  InvalidValue(String message, String fix) {
    super(message, null, false, false);
    this.fix = fix;
  }

  String fix() {
    return fix;
  }
}
