package dev.steward.coordinator.console;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The console's URLs: its pages and the few files bundled in the jar, by exact name. Nothing is
 * looked up by a path taken from the request, so no URL can reach another file; a request whose
 * raw path holds a dot segment, an encoded slash, dot or backslash, or a NUL is refused outright.
 */
public final class ConsolePaths {

  static final String RESOURCES = "/dev/steward/coordinator/console/";

  /** The pages (each the same HTML; the script renders the page its path names). */
  public static final Set<String> PAGES = Set.of("/", "/brokers", "/topics", "/groups", "/connect", "/rollouts");

  /** The bundled files served under /static/, and their content types. */
  static final Map<String, String> STATIC = Map.of(
      "console.js", "text/javascript; charset=utf-8",
      "console.css", "text/css; charset=utf-8");

  private ConsolePaths() {
  }

  /** True when the raw (still encoded) request path must be refused. */
  public static boolean suspicious(String rawPath) {
    if (rawPath == null) {
      return true;
    }
    String lower = rawPath.toLowerCase(Locale.ROOT);
    return lower.contains("..") || lower.contains("%2e") || lower.contains("%2f") || lower.contains("%5c")
        || lower.contains("\\") || lower.contains("%00") || lower.contains("%25") || lower.contains("//");
  }

  /** A bundled file by its exact name; empty for any other name. */
  public static Optional<Bundled> bundled(String name) {
    String type = STATIC.get(name);
    if (type == null) {
      return Optional.empty();
    }
    return Optional.of(new Bundled(read(name), type));
  }

  static byte[] read(String name) {
    try (InputStream in = ConsolePaths.class.getResourceAsStream(RESOURCES + name)) {
      if (in == null) {
        throw new IllegalStateException("the console's " + name + " is missing from the jar");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A bundled file's bytes and content type. */
  public record Bundled(byte[] bytes, String contentType) {
  }
}
