package dev.steward.agent;

import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@code agent.yaml}: YAML limited to one map of {@code key: scalar} lines, which is all the
 * file ever holds (nine options, none structured). A reader of its own instead of Jackson's YAML
 * module and SnakeYAML: those are ~155 classes that every enrolled agent loaded to read nine lines
 * once and then held for its whole life (docs/benchmarks.md, "A lean agent").
 *
 * <p>What it takes is read as YAML 1.2's core schema reads it: comments, blank lines, a leading
 * {@code ---}, plain, 'single' and "double" quoted values; {@code ~}, {@code null} and nothing are
 * null, {@code true}/{@code false} (also capitalised or upper case) booleans, decimal digits whole
 * numbers, and other plain values strings. A flow collection ({@code [..]}, <code>{..}</code>) is
 * returned as {@link #STRUCTURED} so that the caller names the key that wanted a scalar. Anything
 * else YAML allows (indented or nested values, block scalars, anchors, tags, several documents) is
 * refused with the line and what to write instead, never guessed at; so is a key set twice.
 */
final class FlatYaml {

  /** A map or a list where a scalar was expected. */
  static final Object STRUCTURED = new Object();

  /** A document, a line or a value that this reader does not take; the message is for the operator. */
  static final class SyntaxException extends Exception {

    private static final long serialVersionUID = 1L;

    SyntaxException(String message) {
      super(message);
    }
  }

  /** The document is not a map at all (a list, or a lone scalar). */
  static final class NotAMapException extends Exception {

    private static final long serialVersionUID = 1L;

    NotAMapException() {
      super("not a map");
    }
  }

  private static final Pattern KEY = Pattern.compile("([A-Za-z_][A-Za-z0-9_.-]*):(?=[ \t]|$)");
  private static final Pattern WHOLE_NUMBER = Pattern.compile("[-+]?[0-9]+");
  private static final Pattern DECIMAL = Pattern.compile("[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?");
  private static final String NOT_PLAIN = "`[]{}&*!|>%@,\"'";

  private FlatYaml() {
  }

  /**
   * Key to value (a String, Boolean, Long, BigInteger, Double, null, or {@link #STRUCTURED}), in the
   * file's order; null for a document that is empty, comments only, or null.
   */
  static Map<String, Object> read(String text) throws SyntaxException, NotAMapException {
    Map<String, Object> map = new LinkedHashMap<>();
    Map<String, Integer> lineOf = new LinkedHashMap<>();
    // an editor's byte order mark is no part of the first key
    String[] lines = (text.startsWith("\uFEFF") ? text.substring(1) : text).split("\r?\n", -1);
    boolean started = false;
    for (int i = 0; i < lines.length; i++) {
      int number = i + 1;
      String line = lines[i];
      String content = withoutComment(line).strip();
      if (content.isEmpty()) {
        continue;
      }
      if (content.equals("---") && !started && map.isEmpty()) {
        started = true;
        continue;
      }
      if (content.equals("---") || content.equals("...")) {
        throw new SyntaxException("line " + number + ": one document only (no '---' or '...' after the options)");
      }
      if (Character.isWhitespace(line.charAt(0))) {
        throw new SyntaxException("line " + number + ": indented or nested values are not taken: write each option "
            + "as `name: value` at the start of its line");
      }
      if (content.startsWith("- ") || content.equals("-")) {
        throw new NotAMapException();
      }
      Matcher key = KEY.matcher(line);
      if (!key.lookingAt()) {
        if (map.isEmpty() && isLastLine(lines, i) && !content.contains(": ")) {
          if (isNull(content)) {
            return null;
          }
          throw new NotAMapException(); // a document that is one scalar
        }
        throw new SyntaxException("line " + number + ": expected `name: value`, found '" + content + "'");
      }
      String name = key.group(1);
      Integer earlier = lineOf.putIfAbsent(name, number);
      if (earlier != null) {
        throw new SyntaxException("line " + number + ": " + name + " is already set on line " + earlier
            + " (set each option once)");
      }
      map.put(name, value(number, line.substring(key.end()).strip()));
    }
    return map.isEmpty() ? null : map;
  }

  /** Whether only blanks and comments follow line {@code index}. */
  private static boolean isLastLine(String[] lines, int index) {
    for (int j = index + 1; j < lines.length; j++) {
      if (!withoutComment(lines[j]).isBlank()) {
        return false;
      }
    }
    return true;
  }

  /** The text before a comment: a '#' that starts the text or follows a blank (quotes are the caller's). */
  private static String withoutComment(String text) {
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) == '#' && (i == 0 || text.charAt(i - 1) == ' ' || text.charAt(i - 1) == '\t')) {
        return text.substring(0, i);
      }
    }
    return text;
  }

  /** The value after {@code name:}, its comment included. */
  private static Object value(int line, String rest) throws SyntaxException {
    if (rest.startsWith("'")) {
      return singleQuoted(line, rest);
    }
    if (rest.startsWith("\"")) {
      return doubleQuoted(line, rest);
    }
    String raw = withoutComment(rest).strip();
    if (raw.isEmpty()) {
      return null;
    }
    char first = raw.charAt(0);
    if (first == '[' || first == '{') {
      return STRUCTURED;
    }
    if (NOT_PLAIN.indexOf(first) >= 0 || raw.startsWith(": ") || raw.equals(":") || raw.startsWith("- ")
        || raw.startsWith("? ") || raw.contains(": ")) {
      throw new SyntaxException("line " + line + ": '" + raw + "' cannot be a plain value: put it in quotes "
          + "('...' or \"...\")");
    }
    return plain(raw);
  }

  private static Object plain(String raw) {
    if (isNull(raw)) {
      return null;
    }
    switch (raw) {
      case "true", "True", "TRUE":
        return Boolean.TRUE;
      case "false", "False", "FALSE":
        return Boolean.FALSE;
      default:
        break;
    }
    if (WHOLE_NUMBER.matcher(raw).matches()) {
      BigInteger number = new BigInteger(raw.startsWith("+") ? raw.substring(1) : raw);
      return number.bitLength() < 64 ? (Object) number.longValue() : number;
    }
    if (DECIMAL.matcher(raw).matches()) {
      return Double.valueOf(raw);
    }
    return raw;
  }

  private static boolean isNull(String raw) {
    return raw.equals("~") || raw.equals("null") || raw.equals("Null") || raw.equals("NULL");
  }

  private static String singleQuoted(int line, String raw) throws SyntaxException {
    StringBuilder text = new StringBuilder();
    int i = 1;
    while (true) {
      if (i >= raw.length()) {
        throw new SyntaxException("line " + line + ": the quote opened by ' is not closed on this line");
      }
      char c = raw.charAt(i);
      if (c == '\'') {
        if (i + 1 < raw.length() && raw.charAt(i + 1) == '\'') {
          text.append('\'');
          i += 2;
          continue;
        }
        return closed(line, raw, i, text.toString());
      }
      text.append(c);
      i++;
    }
  }

  private static String doubleQuoted(int line, String raw) throws SyntaxException {
    StringBuilder text = new StringBuilder();
    int i = 1;
    while (true) {
      if (i >= raw.length()) {
        throw new SyntaxException("line " + line + ": the quote opened by \" is not closed on this line");
      }
      char c = raw.charAt(i);
      if (c == '"') {
        return closed(line, raw, i, text.toString());
      }
      if (c != '\\') {
        text.append(c);
        i++;
        continue;
      }
      if (i + 1 >= raw.length()) {
        throw new SyntaxException("line " + line + ": the quote opened by \" is not closed on this line");
      }
      char escaped = raw.charAt(i + 1);
      switch (escaped) {
        case '"', '\\', '/' -> text.append(escaped);
        case 'n' -> text.append('\n');
        case 't' -> text.append('\t');
        case 'r' -> text.append('\r');
        case '0' -> text.append('\0');
        case ' ' -> text.append(' ');
        case 'u' -> {
          if (i + 6 > raw.length() || !raw.substring(i + 2, i + 6).matches("[0-9A-Fa-f]{4}")) {
            throw new SyntaxException("line " + line + ": \\u must be followed by four hex digits");
          }
          text.append((char) Integer.parseInt(raw.substring(i + 2, i + 6), 16));
          i += 4;
        }
        default -> throw new SyntaxException("line " + line + ": unknown escape \\" + escaped
            + " in a \"double\" quoted value ('single' quotes take backslashes as they are)");
      }
      i += 2;
    }
  }

  /** The quoted text, once nothing but blanks and a comment follow the closing quote. */
  private static String closed(int line, String raw, int closing, String text) throws SyntaxException {
    String after = raw.substring(closing + 1);
    if (!after.isBlank() && !(after.strip().startsWith("#") && Character.isWhitespace(after.charAt(0)))) {
      throw new SyntaxException("line " + line + ": nothing may follow the closing quote but a # comment");
    }
    return text;
  }
}
