package dev.steward.common.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AptPackageNamesTest {

  @ParameterizedTest
  @ValueSource(strings = {"openjdk-17-jre-headless", "libstdc++6", "g++", "ufw", "python3.11"})
  void namesDebianPolicyAllowsAreValid(String name) {
    assertThat(AptPackageNames.isValid(name)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "g", "Ufw", "-ufw", "ufw;rm", "ufw --reinstall", "ufw=0.36", "ufw/stable",
      "openjdk-17-jre-"})
  void otherNamesAndAptsOwnModifiersAreNot(String name) {
    assertThat(AptPackageNames.isValid(name)).isFalse();
  }

  @org.junit.jupiter.api.Test
  void namesAreBoundedAt128Characters() {
    assertThat(AptPackageNames.isValid("a".repeat(128))).isTrue();
    assertThat(AptPackageNames.isValid("a".repeat(129))).isFalse();
  }
}
