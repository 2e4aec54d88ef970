package dev.steward.coordinator.ensemble;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ZooKeeperSuperuserTest {

  @TempDir
  Path pki;

  @Test
  void isCreatedOnceOwnerOnlyAndReadBackTheSame() throws IOException {
    ZooKeeperSuperuser first = ZooKeeperSuperuser.loadOrCreate(pki);
    ZooKeeperSuperuser again = ZooKeeperSuperuser.loadOrCreate(pki);

    assertThat(again).isEqualTo(first);
    assertThat(first.user()).isEqualTo("steward");
    assertThat(first.password()).hasSizeGreaterThanOrEqualTo(40);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(pki.resolve(ZooKeeperSuperuser.FILE))))
        .isEqualTo("rw-------");
  }

  @Test
  void eachClusterGetsItsOwnPassword(@TempDir Path otherPki) throws IOException {
    assertThat(ZooKeeperSuperuser.loadOrCreate(pki).password())
        .isNotEqualTo(ZooKeeperSuperuser.loadOrCreate(otherPki).password());
  }

  @Test
  void theMembersGetTheDigestNeverThePassword() {
    ZooKeeperSuperuser superuser = new ZooKeeperSuperuser("steward", "test-only-superuser");

    // base64(sha1("steward:test-only-superuser")), as ZooKeeper's DigestAuthenticationProvider computes it
    assertThat(superuser.jvmOption())
        .isEqualTo("-Dzookeeper.DigestAuthenticationProvider.superDigest=steward:A9taLHu+fcR2cHgpbwALScdOfAw=")
        .doesNotContain("test-only-superuser");
    assertThat(superuser.toString()).doesNotContain("test-only-superuser");
  }

  @Test
  void aDamagedFileIsRefusedWithTheWayOut() throws IOException {
    Files.writeString(pki.resolve(ZooKeeperSuperuser.FILE), "no-colon-here\n");

    assertThatThrownBy(() -> ZooKeeperSuperuser.loadOrCreate(pki)).isInstanceOf(IOException.class)
        .hasMessageContaining("is not user:password");
  }
}
