package dev.steward.agent.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The agent's JSON against Jackson's (test scope only): same text written, same values read. */
class JsonTest {

  private static final ObjectMapper JACKSON = new ObjectMapper();

  private static Map<String, Object> sample() {
    Map<String, Object> nested = new LinkedHashMap<>();
    nested.put("resourceId", "file:/opt/kafka/config/server.properties");
    nested.put("status", "CHANGED");
    nested.put("empty", new LinkedHashMap<>());
    nested.put("none", new ArrayList<>());
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("id", "op \"1\" \\ é ü 日本 \u0001\u001f\t\n\r\b\f /");
    map.put("long", 1796523723456789L);
    map.put("negative", -5L);
    map.put("big", new BigInteger("123456789012345678901234567890"));
    map.put("decimal", new BigDecimal("1.5"));
    map.put("exponent", new BigDecimal("2.5E+10"));
    map.put("yes", true);
    map.put("no", false);
    map.put("nothing", null);
    map.put("results", List.of(nested, nested, List.of(1L, "two", List.of())));
    map.put("outcome", nested);
    return map;
  }

  @Test
  void writesWhatJacksonWrites() throws Exception {
    Map<String, Object> map = sample();
    assertThat(Json.write(map)).isEqualTo(JACKSON.writeValueAsString(map));
    assertThat(Json.writeIndented(map))
        .isEqualTo(JACKSON.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(map));
  }

  @Test
  void readsWhatJacksonWritesBackToTheSameValues() throws Exception {
    Map<String, Object> map = sample();
    assertThat(Json.parse(JACKSON.writeValueAsString(map))).isEqualTo(map);
    assertThat(Json.parse(JACKSON.writerWithDefaultPrettyPrinter().writeValueAsString(map))).isEqualTo(map);
    assertThat(Json.parse(Json.writeIndented(map))).isEqualTo(map);
    assertThat(Json.parse(Json.write(map))).isEqualTo(map);
  }

  @Test
  void readsEscapesAndWhiteSpace() throws Exception {
    assertThat(Json.parse(" {\"a\" :\t[ 1 , \"\\u00e9\\/\\\"x\" ] ,\r\n \"b\":{}} ")).isEqualTo(
        Map.of("a", List.of(1L, "é/\"x"), "b", Map.of()));
    assertThat(Json.parse("-0.25e-3")).isEqualTo(new BigDecimal("-0.25e-3"));
    assertThat(Json.parse("\"\\ud83d\\ude00\"")).isEqualTo("\ud83d\ude00");
    assertThat(Json.parse("null")).isNull();
  }

  @Test
  void refusesMalformedText() {
    for (String bad : List.of("", "{", "{\"a\" 1}", "[1,]x", "{\"a\":1} x", "\"unterminated", "tru", "{a:1}",
        "\"tab\tinside\"", "\"\\x\"", "1.2.3", "-", "[" .repeat(300) + "]".repeat(300))) {
      assertThatThrownBy(() -> Json.parse(bad)).as(bad).isInstanceOf(IOException.class);
    }
  }

  @Test
  void typedMembers() throws Exception {
    Map<String, Object> object = Json.object(Json.parse("{\"s\":\"x\",\"n\":7,\"d\":7.0,\"f\":7.5,\"z\":null}"), "t");
    assertThat(Json.string(object, "s")).isEqualTo("x");
    assertThat(Json.string(object, "z")).isNull();
    assertThat(Json.string(object, "absent")).isNull();
    assertThat(Json.integer(object, "n")).isEqualTo(7L);
    assertThat(Json.integer(object, "d")).isEqualTo(7L);
    assertThatThrownBy(() -> Json.integer(object, "f")).isInstanceOf(IOException.class);
    assertThatThrownBy(() -> Json.string(object, "n")).isInstanceOf(IOException.class);
    assertThatThrownBy(() -> Json.requireKnown(object, "t", List.of("s"))).hasMessageContaining("unknown member 'n'");
  }
}
