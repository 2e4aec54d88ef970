package dev.steward.common.inventory;

import java.util.List;
import java.util.stream.Collectors;

/** The inventory is invalid; nothing may be done with it. Carries every problem found. */
public final class InventoryException extends Exception {

  private static final long serialVersionUID = 1L;

  private final String source;
  private final transient List<InventoryProblem> problems;

  public InventoryException(String source, List<InventoryProblem> problems) {
    super(describe(source, problems));
    this.source = source;
    this.problems = List.copyOf(problems);
  }

  public String source() {
    return source;
  }

  public List<InventoryProblem> problems() {
    return problems;
  }

  private static String describe(String source, List<InventoryProblem> problems) {
    String header = source + ": " + problems.size() + (problems.size() == 1 ? " problem" : " problems");
    return header + problems.stream().map(p -> "\n  " + p).collect(Collectors.joining());
  }
}
