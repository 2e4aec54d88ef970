package dev.steward.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FlatYamlTest {

  private static Map<String, Object> read(String text) throws Exception {
    return FlatYaml.read(text);
  }

  @Test
  void valuesAreTypedAsYamlsCoreSchemaTypesThem() throws Exception {
    Map<String, Object> read = read("""
        ---
        # a comment line
        a: plain text with spaces   # and a comment
        b: 'single ''quoted'' # not a comment'
        c: "double \\"quoted\\" \\\\ \\u00e9 # not a comment"  # a comment
        d: true
        e: FALSE
        f: 42
        g: -7
        h: 123456789012345678901234567890
        i: 1.5
        j: ~
        k:
        l: null
        m: 0.0.0.0:7443
        n: /a#b
        o: yes
        """);

    Map<String, Object> expected = new LinkedHashMap<>();
    expected.put("a", "plain text with spaces");
    expected.put("b", "single 'quoted' # not a comment");
    expected.put("c", "double \"quoted\" \\ é # not a comment");
    expected.put("d", true);
    expected.put("e", false);
    expected.put("f", 42L);
    expected.put("g", -7L);
    expected.put("h", new BigInteger("123456789012345678901234567890"));
    expected.put("i", 1.5);
    expected.put("j", null);
    expected.put("k", null);
    expected.put("l", null);
    expected.put("m", "0.0.0.0:7443");
    expected.put("n", "/a#b");
    expected.put("o", "yes");
    assertThat(read).containsExactlyEntriesOf(expected);
  }

  @Test
  void whatItTakesJacksonsYamlReadsTheSame() throws Exception {
    String text = """
        listen: 0.0.0.0:7443   # comment
        root: '/srv/host one'
        javaHome: "/usr/lib/jvm/java-17"
        insecure: True
        maxArtifactBytes: 2147483648
        pidFile:
        """;
    @SuppressWarnings("unchecked")
    Map<String, Object> jackson = new ObjectMapper(new YAMLFactory()).readValue(text, Map.class);

    Map<String, Object> ours = read(text);

    assertThat(ours.keySet()).containsExactlyElementsOf(jackson.keySet());
    for (String key : jackson.keySet()) {
      Object theirs = jackson.get(key);
      Object mine = ours.get(key);
      if (theirs instanceof Number number) {
        assertThat(((Number) mine).longValue()).as(key).isEqualTo(number.longValue());
      } else {
        assertThat(mine).as(key).isEqualTo(theirs);
      }
    }
  }

  @Test
  void emptyCommentedOutAndNullDocumentsAreNull() throws Exception {
    assertThat(read("")).isNull();
    assertThat(read("\n# listen: 0.0.0.0:7443\n   # indented comment\n")).isNull();
    assertThat(read("~\n")).isNull();
    assertThat(read("---\n")).isNull();
  }

  @Test
  void windowsLineEndingsAndAByteOrderMarkAreWhatAnEditorLeaves() throws Exception {
    assertThat(read("\uFEFFlisten: a\r\nroot: /b\r\n")).containsExactly(Map.entry("listen", "a"), Map.entry("root", "/b"));
  }

  @Test
  void flowCollectionsAreStructuredSoTheCallerNamesTheKey() throws Exception {
    assertThat(read("listen: [1, 2]\ninsecure: {a: b}\n")).containsExactly(
        Map.entry("listen", FlatYaml.STRUCTURED), Map.entry("insecure", FlatYaml.STRUCTURED));
  }

  @Test
  void listsAndLoneScalarsAreNotMaps() {
    assertThatThrownBy(() -> read("- listen\n")).isInstanceOf(FlatYaml.NotAMapException.class);
    assertThatThrownBy(() -> read("just a string\n")).isInstanceOf(FlatYaml.NotAMapException.class);
    assertThatThrownBy(() -> read("listen:0.0.0.0\n")).isInstanceOf(FlatYaml.NotAMapException.class);
  }

  @Test
  void yamlBeyondOneLevelOfScalarsIsRefusedWithTheLineAndWhatToWrite() {
    assertThatThrownBy(() -> read("listen:\n  host: a\n"))
        .isInstanceOf(FlatYaml.SyntaxException.class)
        .hasMessage("line 2: indented or nested values are not taken: write each option as `name: value` at the "
            + "start of its line");
    assertThatThrownBy(() -> read("root: |\n  /srv\n")).hasMessageStartingWith("line 1: '|' cannot be a plain value");
    assertThatThrownBy(() -> read("root: &r /srv\n")).hasMessageStartingWith("line 1: '&r /srv' cannot be a plain value");
    assertThatThrownBy(() -> read("root: !!str /srv\n")).hasMessageStartingWith("line 1: '!!str /srv' cannot be a plain");
    assertThatThrownBy(() -> read("root: /a\n---\nroot: /b\n")).hasMessageStartingWith("line 2: one document only");
    assertThatThrownBy(() -> read("root: /a\nnot a key\n")).hasMessage("line 2: expected `name: value`, found 'not a key'");
    assertThatThrownBy(() -> read("\troot: /a\n")).hasMessageStartingWith("line 1: indented or nested values");
  }

  @Test
  void brokenQuotesAreRefused() {
    assertThatThrownBy(() -> read("root: '/srv\n")).hasMessage("line 1: the quote opened by ' is not closed on this line");
    assertThatThrownBy(() -> read("root: \"/srv\n")).hasMessage("line 1: the quote opened by \" is not closed on this line");
    assertThatThrownBy(() -> read("root: '/a' b\n")).hasMessage("line 1: nothing may follow the closing quote but a # comment");
    assertThatThrownBy(() -> read("root: \"\\q\"\n")).hasMessageStartingWith("line 1: unknown escape \\q");
    assertThatThrownBy(() -> read("root: \"\\u12\"\n")).hasMessage("line 1: \\u must be followed by four hex digits");
  }
}
