package dev.steward.common.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import org.junit.jupiter.api.Test;

class Sha512HexTest {

  static final String SHA = ChecksumFilesTest.SHA;

  @Test
  void eitherCaseIsAChecksumAndLowerCaseIsItsCanonicalForm() {
    String upper = SHA.toUpperCase(Locale.ROOT);
    assertThat(Sha512Hex.isValid(upper)).isTrue();
    assertThat(Sha512Hex.normalize(upper)).contains(SHA);
    assertThat(Sha512Hex.isCanonical(SHA)).isTrue();
    assertThat(Sha512Hex.isCanonical(upper)).isFalse();
  }

  @Test
  void anythingButExactly128HexDigitsIsNot() {
    for (String text : new String[] {"", SHA.substring(1), SHA + "a", SHA.replace('a', 'g'), " " + SHA, null}) {
      assertThat(Sha512Hex.isValid(text)).as(String.valueOf(text)).isFalse();
    }
  }
}
