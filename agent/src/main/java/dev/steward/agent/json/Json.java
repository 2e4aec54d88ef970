package dev.steward.agent.json;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The agent's JSON: its state files (operation journal, audit log, supervisor records, pending restarts) and
 * journalctl's output, as plain Java values: {@code Map<String, Object>} (insertion order), {@code List<Object>},
 * {@code String}, {@code Long} (or {@code BigInteger}) for integers, {@code BigDecimal} for other numbers,
 * {@code Boolean} and {@code null}. Written like Jackson wrote these files before (compact, or indented), and
 * reads what Jackson wrote: the agent no longer loads Jackson's databind (~520 classes) for a few flat records.
 */
public final class Json {

  private Json() {
  }

  /** One JSON value; anything but white space after it is an error. */
  public static Object parse(String text) throws IOException {
    Parser parser = new Parser(text);
    parser.skipWhitespace();
    Object value = parser.value(0);
    parser.skipWhitespace();
    if (parser.position < text.length()) {
      throw parser.error("unexpected text after the value");
    }
    return value;
  }

  /** One line, no white space between tokens. */
  public static String write(Object value) {
    StringBuilder out = new StringBuilder();
    write(out, value, -1);
    return out.toString();
  }

  /** Two spaces an indentation level, {@code "key" : value}, as Jackson's default pretty printer. */
  public static String writeIndented(Object value) {
    StringBuilder out = new StringBuilder();
    write(out, value, 0);
    return out.toString();
  }

  /** An object's member as a map, or an error naming it. */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> object(Object value, String what) throws IOException {
    if (value instanceof Map<?, ?> map) {
      return (Map<String, Object>) map;
    }
    throw new IOException(what + ": an object was expected, not " + describe(value));
  }

  @SuppressWarnings("unchecked")
  public static List<Object> array(Object value, String what) throws IOException {
    if (value instanceof List<?> list) {
      return (List<Object>) list;
    }
    throw new IOException(what + ": an array was expected, not " + describe(value));
  }

  /** A string member, or null when it is absent or null. */
  public static String string(Map<String, Object> object, String key) throws IOException {
    Object value = object.get(key);
    if (value == null || value instanceof String) {
      return (String) value;
    }
    throw new IOException("'" + key + "': a string was expected, not " + describe(value));
  }

  /** An integer member that fits a long, or null when it is absent or null. */
  public static Long integer(Map<String, Object> object, String key) throws IOException {
    Object value = object.get(key);
    if (value == null) {
      return null;
    }
    if (value instanceof Long number) {
      return number;
    }
    if (value instanceof BigDecimal decimal) {
      try {
        return decimal.longValueExact();
      } catch (ArithmeticException e) {
        // not an integer: below
      }
    }
    throw new IOException("'" + key + "': an integer was expected, not " + describe(value));
  }

  /** Refuses members other than {@code known}, as Jackson did for the agent's records. */
  public static void requireKnown(Map<String, Object> object, String what, Collection<String> known)
      throws IOException {
    for (String key : object.keySet()) {
      if (!known.contains(key)) {
        throw new IOException(what + ": unknown member '" + key + "' (known: " + String.join(", ", known) + ")");
      }
    }
  }

  private static String describe(Object value) {
    if (value == null) {
      return "null";
    }
    if (value instanceof Map) {
      return "an object";
    }
    if (value instanceof List) {
      return "an array";
    }
    if (value instanceof String) {
      return "a string";
    }
    if (value instanceof Boolean) {
      return "a boolean";
    }
    return "the number " + value;
  }

  private static void write(StringBuilder out, Object value, int indent) {
    if (value == null) {
      out.append("null");
    } else if (value instanceof String text) {
      quote(out, text);
    } else if (value instanceof Boolean || value instanceof Long || value instanceof Integer
        || value instanceof BigInteger || value instanceof Short || value instanceof Byte) {
      out.append(value);
    } else if (value instanceof BigDecimal decimal) {
      out.append(decimal.toString());
    } else if (value instanceof Double || value instanceof Float) {
      double d = ((Number) value).doubleValue();
      if (Double.isNaN(d) || Double.isInfinite(d)) {
        throw new IllegalArgumentException("JSON has no " + d);
      }
      out.append(value);
    } else if (value instanceof Map<?, ?> map) {
      if (map.isEmpty()) {
        out.append(indent < 0 ? "{}" : "{ }");
        return;
      }
      out.append('{');
      boolean first = true;
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        if (!first) {
          out.append(',');
        }
        first = false;
        newline(out, indent < 0 ? -1 : indent + 1);
        quote(out, String.valueOf(entry.getKey()));
        out.append(indent < 0 ? ":" : " : ");
        write(out, entry.getValue(), indent < 0 ? -1 : indent + 1);
      }
      newline(out, indent);
      out.append('}');
    } else if (value instanceof Collection<?> list) {
      if (list.isEmpty()) {
        out.append(indent < 0 ? "[]" : "[ ]");
        return;
      }
      // Jackson's default pretty printer keeps array elements on the line, separated by ", "
      out.append(indent < 0 ? "[" : "[ ");
      boolean first = true;
      for (Object element : list) {
        if (!first) {
          out.append(indent < 0 ? "," : ", ");
        }
        first = false;
        write(out, element, indent);
      }
      out.append(indent < 0 ? "]" : " ]");
    } else if (value instanceof Enum<?> constant) {
      quote(out, constant.name());
    } else {
      throw new IllegalArgumentException("not a JSON value: " + value.getClass().getName());
    }
  }

  private static void newline(StringBuilder out, int indent) {
    if (indent >= 0) {
      out.append('\n');
      out.append("  ".repeat(indent));
    }
  }

  /** Escapes as Jackson does: quote, backslash and control characters only; everything else as is. */
  private static void quote(StringBuilder out, String text) {
    out.append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04X", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }

  private static final class Parser {

    private static final int MAX_DEPTH = 200;

    private final String text;
    private int position;

    Parser(String text) {
      this.text = text;
    }

    Object value(int depth) throws IOException {
      if (depth > MAX_DEPTH) {
        throw error("nested deeper than " + MAX_DEPTH);
      }
      if (position >= text.length()) {
        throw error("unexpected end");
      }
      char c = text.charAt(position);
      switch (c) {
        case '{':
          return object(depth);
        case '[':
          return array(depth);
        case '"':
          return string();
        case 't':
          literal("true");
          return Boolean.TRUE;
        case 'f':
          literal("false");
          return Boolean.FALSE;
        case 'n':
          literal("null");
          return null;
        default:
          if (c == '-' || (c >= '0' && c <= '9')) {
            return number();
          }
          throw error("unexpected character '" + c + "'");
      }
    }

    private Map<String, Object> object(int depth) throws IOException {
      position++; // {
      Map<String, Object> object = new LinkedHashMap<>();
      skipWhitespace();
      if (peek() == '}') {
        position++;
        return object;
      }
      while (true) {
        skipWhitespace();
        if (peek() != '"') {
          throw error("a member name was expected");
        }
        String key = string();
        skipWhitespace();
        expect(':');
        skipWhitespace();
        object.put(key, value(depth + 1));
        skipWhitespace();
        char c = next();
        if (c == '}') {
          return object;
        }
        if (c != ',') {
          throw error("',' or '}' was expected");
        }
      }
    }

    private List<Object> array(int depth) throws IOException {
      position++; // [
      List<Object> array = new ArrayList<>();
      skipWhitespace();
      if (peek() == ']') {
        position++;
        return array;
      }
      while (true) {
        skipWhitespace();
        array.add(value(depth + 1));
        skipWhitespace();
        char c = next();
        if (c == ']') {
          return array;
        }
        if (c != ',') {
          throw error("',' or ']' was expected");
        }
      }
    }

    private String string() throws IOException {
      position++; // "
      StringBuilder out = null;
      int start = position;
      while (true) {
        if (position >= text.length()) {
          throw error("unterminated string");
        }
        char c = text.charAt(position);
        if (c == '"') {
          String tail = text.substring(start, position);
          position++;
          return out == null ? tail : out.append(tail).toString();
        }
        if (c < 0x20) {
          throw error("control character in a string");
        }
        if (c != '\\') {
          position++;
          continue;
        }
        if (out == null) {
          out = new StringBuilder();
        }
        out.append(text, start, position);
        position++;
        char escaped = next();
        switch (escaped) {
          case '"' -> out.append('"');
          case '\\' -> out.append('\\');
          case '/' -> out.append('/');
          case 'b' -> out.append('\b');
          case 'f' -> out.append('\f');
          case 'n' -> out.append('\n');
          case 'r' -> out.append('\r');
          case 't' -> out.append('\t');
          case 'u' -> {
            if (position + 4 > text.length()) {
              throw error("truncated \\u escape");
            }
            try {
              out.append((char) Integer.parseInt(text.substring(position, position + 4), 16));
            } catch (NumberFormatException e) {
              throw error("bad \\u escape");
            }
            position += 4;
          }
          default -> throw error("bad escape '\\" + escaped + "'");
        }
        start = position;
      }
    }

    private Object number() throws IOException {
      int start = position;
      if (peek() == '-') {
        position++;
      }
      boolean integral = true;
      while (position < text.length()) {
        char c = text.charAt(position);
        if (c >= '0' && c <= '9') {
          position++;
        } else if (c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-') {
          integral = false;
          position++;
        } else {
          break;
        }
      }
      String literal = text.substring(start, position);
      try {
        if (integral) {
          BigInteger value = new BigInteger(literal);
          return value.bitLength() < 64 ? (Object) value.longValue() : value;
        }
        return new BigDecimal(literal);
      } catch (NumberFormatException e) {
        throw error("bad number '" + literal + "'");
      }
    }

    private void literal(String word) throws IOException {
      if (!text.startsWith(word, position)) {
        throw error("unexpected token");
      }
      position += word.length();
    }

    private void expect(char c) throws IOException {
      if (next() != c) {
        throw error("'" + c + "' was expected");
      }
    }

    private char peek() throws IOException {
      if (position >= text.length()) {
        throw error("unexpected end");
      }
      return text.charAt(position);
    }

    private char next() throws IOException {
      char c = peek();
      position++;
      return c;
    }

    void skipWhitespace() {
      while (position < text.length()) {
        char c = text.charAt(position);
        if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
          return;
        }
        position++;
      }
    }

    IOException error(String message) {
      return new IOException("malformed JSON at offset " + position + ": " + message);
    }
  }
}
