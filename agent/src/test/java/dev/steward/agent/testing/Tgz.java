package dev.steward.agent.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

/** Builds .tgz archives in tests, including malicious ones. */
public final class Tgz {

  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final TarArchiveOutputStream tar;

  public Tgz() {
    try {
      tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(bytes));
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public Tgz dir(String name) throws IOException {
    TarArchiveEntry entry = new TarArchiveEntry(name.endsWith("/") ? name : name + "/");
    entry.setMode(040755);
    tar.putArchiveEntry(entry);
    tar.closeArchiveEntry();
    return this;
  }

  public Tgz file(String name, String content) throws IOException {
    return file(name, content, 0644);
  }

  public Tgz file(String name, String content, int mode) throws IOException {
    byte[] data = content.getBytes(StandardCharsets.UTF_8);
    TarArchiveEntry entry = new TarArchiveEntry(name);
    entry.setSize(data.length);
    entry.setMode(0100000 | mode);
    tar.putArchiveEntry(entry);
    tar.write(data);
    tar.closeArchiveEntry();
    return this;
  }

  /** An entry whose name keeps its leading '/' (commons-compress strips it unless told not to). */
  public Tgz absoluteFile(String name, String content) throws IOException {
    byte[] data = content.getBytes(StandardCharsets.UTF_8);
    TarArchiveEntry entry = new TarArchiveEntry(name, true);
    entry.setSize(data.length);
    entry.setMode(0100644);
    tar.putArchiveEntry(entry);
    tar.write(data);
    tar.closeArchiveEntry();
    return this;
  }

  public Tgz symlink(String name, String target) throws IOException {
    TarArchiveEntry entry = new TarArchiveEntry(name, TarArchiveEntry.LF_SYMLINK);
    entry.setLinkName(target);
    tar.putArchiveEntry(entry);
    tar.closeArchiveEntry();
    return this;
  }

  public byte[] build() throws IOException {
    tar.finish();
    tar.close();
    return bytes.toByteArray();
  }

  /** A small distribution named {@code top}, like Apache's layout. */
  public static byte[] distribution(String top, String version) throws IOException {
    return new Tgz()
        .dir(top)
        .dir(top + "/bin")
        .file(top + "/bin/kafka-server-start.sh", "#!/bin/sh\necho " + version + "\n", 0755)
        .dir(top + "/libs")
        .file(top + "/libs/kafka_2.13-" + version + ".jar", "jar " + version)
        .dir(top + "/config")
        .file(top + "/config/server.properties", "broker.id=0\n")
        .build();
  }

  public static String sha512(byte[] content) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-512").digest(content));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
