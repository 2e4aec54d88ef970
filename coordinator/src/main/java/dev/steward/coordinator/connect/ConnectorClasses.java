package dev.steward.coordinator.connect;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.SequenceInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Which connector classes a .tgz holds in its jars: the Kafka distribution (Kafka's own
 * connectors) and Connect plugin archives. Read on the coordinator before anything is applied, so
 * a connector whose class no worker will have is bad input rather than a failure after the hosts
 * changed. Only tar's 512-byte blocks and the jars' zip entries are read; nothing is unpacked.
 */
public final class ConnectorClasses {

  private static final int BLOCK = 512;

  private ConnectorClasses() {
  }

  /** The members of {@code wanted} (class names) that some jar inside {@code archive} contains. */
  public static Set<String> find(Path archive, Set<String> wanted) throws IOException {
    Set<String> entries = new HashSet<>();
    wanted.forEach(name -> entries.add(name.replace('.', '/') + ".class"));
    Set<String> found = new HashSet<>();
    try (InputStream tar = new BufferedInputStream(new GZIPInputStream(Files.newInputStream(archive), 1 << 16))) {
      byte[] header = new byte[BLOCK];
      while (readFully(tar, header) && !allZero(header)) {
        long size = octal(header, 124, 12);
        char type = (char) header[156];
        long padded = (size + BLOCK - 1) / BLOCK * BLOCK;
        if ((type == '0' || type == 0) && size > 4) {
          Bounded entry = new Bounded(tar, size);
          scanIfJar(entry, entries, found);
          entry.skipRest();
          skip(tar, padded - size);
        } else {
          skip(tar, padded);
        }
      }
    }
    Set<String> classes = new HashSet<>();
    for (String name : wanted) {
      if (found.contains(name.replace('.', '/') + ".class")) {
        classes.add(name);
      }
    }
    return classes;
  }

  private static void scanIfJar(Bounded entry, Set<String> wanted, Set<String> found) throws IOException {
    byte[] magic = new byte[4];
    if (!readFully(entry, magic) || magic[0] != 'P' || magic[1] != 'K' || magic[2] != 3 || magic[3] != 4) {
      return;
    }
    ZipInputStream jar = new ZipInputStream(new SequenceInputStream(new ByteArrayInputStream(magic), entry));
    ZipEntry zipEntry;
    while ((zipEntry = jar.getNextEntry()) != null) {
      if (wanted.contains(zipEntry.getName())) {
        found.add(zipEntry.getName());
      }
    }
  }

  private static long octal(byte[] header, int offset, int length) {
    String text = new String(header, offset, length, StandardCharsets.US_ASCII).replace('\0', ' ').trim();
    return text.isEmpty() ? 0 : Long.parseLong(text, 8);
  }

  private static boolean allZero(byte[] block) {
    for (byte b : block) {
      if (b != 0) {
        return false;
      }
    }
    return true;
  }

  private static boolean readFully(InputStream in, byte[] buffer) throws IOException {
    int read = 0;
    while (read < buffer.length) {
      int n = in.read(buffer, read, buffer.length - read);
      if (n < 0) {
        return false;
      }
      read += n;
    }
    return true;
  }

  private static void skip(InputStream in, long bytes) throws IOException {
    long left = bytes;
    while (left > 0) {
      long skipped = in.skip(left);
      if (skipped <= 0) {
        if (in.read() < 0) {
          return;
        }
        skipped = 1;
      }
      left -= skipped;
    }
  }

  /** One tar entry's bytes, never reading past the entry. */
  private static final class Bounded extends InputStream {

    private final InputStream in;
    private long left;

    Bounded(InputStream in, long size) {
      this.in = in;
      this.left = size;
    }

    @Override
    public int read() throws IOException {
      if (left <= 0) {
        return -1;
      }
      int b = in.read();
      if (b >= 0) {
        left--;
      }
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      if (left <= 0) {
        return -1;
      }
      int n = in.read(buffer, offset, (int) Math.min(length, left));
      if (n > 0) {
        left -= n;
      }
      return n;
    }

    @Override
    public void close() {
      // the tar stream goes on: closing a jar read from it must not close it
    }

    void skipRest() throws IOException {
      ConnectorClasses.skip(in, left);
      left = 0;
    }
  }
}
