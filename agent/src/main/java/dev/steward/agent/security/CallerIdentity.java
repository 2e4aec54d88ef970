package dev.steward.agent.security;

import io.grpc.Context;

/**
 * Who made the current call, as the authorization interceptor established it. Handlers read
 * it with {@link #current()} (the gRPC context of the call) to record it in the audit trail.
 *
 * @param name e.g. {@code CN=steward-coordinator,serial=3fa2..}, {@code insecure-loopback},
 *     {@code enrollment (unauthenticated)}
 */
public record CallerIdentity(String name) {

  public static final CallerIdentity INSECURE_LOOPBACK = new CallerIdentity("insecure-loopback");
  public static final CallerIdentity UNAUTHENTICATED = new CallerIdentity("unauthenticated");
  /** Calls that did not come through the server (internal, tests). */
  public static final CallerIdentity INTERNAL = new CallerIdentity("internal");

  static final Context.Key<CallerIdentity> KEY = Context.key("steward-caller");

  /** The caller of the current gRPC call; {@link #INTERNAL} outside of one. */
  public static CallerIdentity current() {
    CallerIdentity identity = KEY.get();
    return identity == null ? INTERNAL : identity;
  }

  @Override
  public String toString() {
    return name;
  }
}
