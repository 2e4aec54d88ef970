package dev.steward.common.inventory;

/**
 * A Kafka Connect plugin archive (.tar.gz/.tgz) and the stable name it is installed under.
 *
 * @param name the directory on plugin.path ({@code /opt/connect-plugins/active/<name>}); a new archive under
 *     the same name replaces the old one on the next worker restart
 */
public record PluginSpec(String name, ArtifactSpec artifact) {

  /** The archive's file name without .tar.gz / .tgz: the versioned directory it unpacks to. */
  public String versionName() {
    String file = artifact.path().getFileName().toString();
    return file.replaceFirst("(\\.tar\\.gz|\\.tgz)$", "");
  }
}
