package dev.steward.common.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ChecksumFilesTest {

  static final String SHA = "2a9b1c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d2e3f4a5b6c7d8e9f0a1b"
      + "2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d2e3f4a5b6c7d8e9f0a1b2c3d";

  /** gpg --print-md SHA512, as in Apache's kafka_2.13-3.9.1.tgz.sha512: upper case, groups, wrapped. */
  static String apacheFormat(String name) {
    String upper = SHA.toUpperCase(Locale.ROOT);
    StringBuilder text = new StringBuilder(name).append(":");
    for (int i = 0; i < upper.length(); i += 8) {
      text.append(i > 0 && i % 48 == 0 ? "\n" + " ".repeat(name.length() + 2) : " ").append(upper, i, i + 8);
    }
    return text.append("\n").toString();
  }

  @Test
  void apachesGpgFormatSplitOverLinesAndGroupsIsRead() {
    String content = apacheFormat("kafka_2.13-3.9.1.tgz");
    assertThat(content.lines().count()).isGreaterThan(1);

    assertThat(ChecksumFiles.parse(content)).contains(SHA);
  }

  @Test
  void apachesFormatWithTheNameOnALineOfItsOwnIsRead() {
    assertThat(ChecksumFiles.parse("apache-zookeeper-3.8.4-bin.tar.gz:\n" + apacheFormat("").substring(1)))
        .contains(SHA);
  }

  @Test
  void sha512sumFormatIsRead() {
    assertThat(ChecksumFiles.parse(SHA + "  kafka_2.13-3.9.1.tgz\n")).contains(SHA);
    assertThat(ChecksumFiles.parse(SHA + " *kafka_2.13-3.9.1.tgz\n")).as("binary mode").contains(SHA);
  }

  @Test
  void bareHexInEitherCaseIsRead() {
    assertThat(ChecksumFiles.parse(SHA)).contains(SHA);
    assertThat(ChecksumFiles.parse("\n" + SHA.toUpperCase(Locale.ROOT) + "\n")).contains(SHA);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "not a checksum", "kafka.tgz: ABCD", "kafka.tgz: 2A9B 1C3D"})
  void textWithoutAWholeChecksumIsNotOne(String content) {
    assertThat(ChecksumFiles.parse(content)).isEmpty();
    assertThat(ChecksumFiles.parse("kafka.tgz: " + SHA.replace('a', 'g'))).isEmpty();
  }

  @Test
  void checksumOfMoreThan128DigitsIsNotOne() {
    assertThat(ChecksumFiles.parse(SHA + "ab  kafka.tgz")).isEmpty();
    assertThat(ChecksumFiles.parse("kafka.tgz: " + SHA + " AB")).isEmpty();
  }

  @Test
  void theChecksumFileSitsBesideTheArchive() {
    assertThat(ChecksumFiles.beside(Path.of("/dist/kafka_2.13-3.9.1.tgz")))
        .isEqualTo(Path.of("/dist/kafka_2.13-3.9.1.tgz.sha512"));
  }
}
