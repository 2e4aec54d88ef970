package dev.steward.agent.security;

/** How the agent authenticates its callers right now. */
public enum SecurityState {
  /** Plaintext on a loopback address (the sandbox): every caller is "insecure-loopback". */
  INSECURE,
  /** TLS with a temporary certificate; only enrollment and health are served. */
  PENDING,
  /** Mutual TLS with the cluster CA; every call but health needs a coordinator certificate. */
  ENROLLED
}
