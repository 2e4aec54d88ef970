package dev.steward.common.inventory;

/** Parses one item of a jvmOptions list (Kafka's or ZooKeeper's). */
final class JvmOptions {

  private JvmOptions() {
  }

  /**
   * A JVM option that is not a heap size: -Xmx/-Xms come from the heap field, and a second one
   * in the options would silently win over it (the JVM takes the last).
   */
  static ValueParser<String> parser(String heapField) {
    ValueParser<String> option = ValueParsers.jvmOption();
    return node -> {
      String text = option.parse(node);
      if (text.startsWith("-Xmx") || text.startsWith("-Xms")) {
        throw new InvalidValue(Printable.quote(text) + " sets the heap size", "remove it and set " + heapField);
      }
      return text;
    };
  }
}
