package dev.steward.coordinator.console;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

/**
 * Who may see the console. On loopback nobody needs a token (whoever reaches the port is on this
 * machine). Anywhere else a random token, printed once at start, is required: as
 * {@code Authorization: Bearer TOKEN}, or as {@code ?token=TOKEN} on the first visit, which sets an
 * HttpOnly, SameSite=Strict cookie. Comparisons take constant time.
 */
public final class ConsoleAuth {

  public static final String COOKIE = "steward-console";

  /** What to do with a request. */
  public enum Decision {
    /** Serve it. */
    ALLOW,
    /** Serve it and set the cookie (the token came as a query parameter). */
    ALLOW_AND_SET_COOKIE,
    /** 401, with a body that says nothing about the cluster. */
    DENY
  }

  private final Optional<String> token;

  private ConsoleAuth(Optional<String> token) {
    this.token = token;
  }

  public static ConsoleAuth none() {
    return new ConsoleAuth(Optional.empty());
  }

  public static ConsoleAuth withToken(String token) {
    return new ConsoleAuth(Optional.of(token));
  }

  /** 32 random bytes, URL-safe base64. */
  public static String newToken() {
    byte[] bytes = new byte[32];
    new SecureRandom().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  public boolean required() {
    return token.isPresent();
  }

  public Optional<String> token() {
    return token;
  }

  /**
   * @param authorization the Authorization header, or null
   * @param queryToken the {@code token} query parameter, or null
   * @param cookie the console's cookie, or null
   */
  public Decision check(String authorization, String queryToken, String cookie) {
    if (token.isEmpty()) {
      return Decision.ALLOW;
    }
    if (authorization != null && authorization.startsWith("Bearer ")
        && matches(authorization.substring("Bearer ".length()).trim())) {
      return Decision.ALLOW;
    }
    if (matches(cookie)) {
      return Decision.ALLOW;
    }
    if (matches(queryToken)) {
      return Decision.ALLOW_AND_SET_COOKIE;
    }
    return Decision.DENY;
  }

  /** The Set-Cookie header value for the token. */
  public String cookieHeader() {
    return COOKIE + "=" + token.orElseThrow() + "; Path=/; HttpOnly; SameSite=Strict";
  }

  private boolean matches(String candidate) {
    if (candidate == null || token.isEmpty()) {
      return false;
    }
    return MessageDigest.isEqual(candidate.getBytes(StandardCharsets.UTF_8),
        token.get().getBytes(StandardCharsets.UTF_8));
  }
}
