package dev.steward.common.inventory;

/**
 * One thing wrong with an inventory.
 *
 * @param field the path of the offending key, e.g. {@code hosts[2].zookeeperId} or
 *     {@code kafka.config."log.retention.hours"}
 * @param message what is wrong, including the offending value where it is not secret
 * @param fix what the user should do about it
 */
public record InventoryProblem(String field, String message, String fix) {

  @Override
  public String toString() {
    return field + ": " + message + "; " + fix;
  }
}
