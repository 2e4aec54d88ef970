package dev.steward.agent.host;

import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;

/** Converts between numeric permission bits (0755) and Java's permission sets. */
public final class PosixModes {

  private static final PosixFilePermission[] BY_BIT = {
      PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
      PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
      PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ,
  };

  private PosixModes() {
  }

  public static Set<PosixFilePermission> toPermissions(int mode) {
    Set<PosixFilePermission> permissions = EnumSet.noneOf(PosixFilePermission.class);
    for (int bit = 0; bit < BY_BIT.length; bit++) {
      if ((mode & (1 << bit)) != 0) {
        permissions.add(BY_BIT[bit]);
      }
    }
    return permissions;
  }

  public static int toMode(Set<PosixFilePermission> permissions) {
    int mode = 0;
    for (int bit = 0; bit < BY_BIT.length; bit++) {
      if (permissions.contains(BY_BIT[bit])) {
        mode |= 1 << bit;
      }
    }
    return mode;
  }

  /** "0644" */
  public static String format(int mode) {
    return String.format("0%03o", mode & 07777);
  }

  /** True when {@code mode} is plain permission bits (no setuid/setgid/sticky, which we do not manage). */
  public static boolean isPermissionBits(int mode) {
    return (mode & ~0777) == 0;
  }
}
