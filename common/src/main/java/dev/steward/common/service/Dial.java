package dev.steward.common.service;

/**
 * A service connects to {@code service}'s port {@code tag} on every host that runs it
 * (other than its own host, which it reaches over loopback).
 */
public record Dial(String service, String tag) {
}
