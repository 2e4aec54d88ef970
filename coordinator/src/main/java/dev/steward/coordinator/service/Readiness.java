package dev.steward.coordinator.service;

/**
 * What one look at a service said about its cluster-wide readiness.
 *
 * @param detail what was seen: what is still missing, or the healthy state
 */
public record Readiness(boolean ready, String detail) {

  public static Readiness ready(String detail) {
    return new Readiness(true, detail);
  }

  public static Readiness notYet(String detail) {
    return new Readiness(false, detail);
  }
}
