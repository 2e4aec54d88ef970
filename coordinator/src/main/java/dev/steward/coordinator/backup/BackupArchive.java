package dev.steward.coordinator.backup;

import dev.steward.common.inventory.ChecksumFiles;
import dev.steward.common.service.ZooKeeperDataFiles;
import dev.steward.coordinator.artifact.ArtifactException;
import dev.steward.coordinator.artifact.ArtifactResolver;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

/**
 * A backup on disk: a {@code .tar.gz} holding the manifest first and then ZooKeeper's
 * {@code version-2} files, with a sha512sum-format {@code .sha512} file beside it. Written to a
 * temporary name and renamed, so a backup directory never holds half an archive under a real name.
 */
public final class BackupArchive {

  private static final String MANIFEST = ZooKeeperDataFiles.MANIFEST;
  private static final String DATA_DIR = ZooKeeperDataFiles.VERSION_DIR;

  /** An archive whose checksum matched, unpacked into {@code dataDir} (which holds version-2). */
  public record Opened(Path archive, String sha512, BackupManifest manifest, Path dataDir) {
  }

  private BackupArchive() {
  }

  /**
   * Writes {@code target} from the files in {@code dataDir}/version-2 and its checksum file.
   *
   * @return the archive's SHA-512
   */
  public static String write(Path target, BackupManifest manifest, Path dataDir) throws IOException {
    Path temp = target.resolveSibling(target.getFileName() + ".partial");
    try {
      try (OutputStream file = new BufferedOutputStream(Files.newOutputStream(temp));
           GzipCompressorOutputStream gzip = new GzipCompressorOutputStream(file);
           TarArchiveOutputStream tar = new TarArchiveOutputStream(gzip)) {
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        byte[] json = manifest.toJson();
        TarArchiveEntry manifestEntry = new TarArchiveEntry(MANIFEST);
        manifestEntry.setSize(json.length);
        tar.putArchiveEntry(manifestEntry);
        tar.write(json);
        tar.closeArchiveEntry();
        for (String name : manifest.files()) {
          Path source = dataDir.resolve(DATA_DIR).resolve(name);
          TarArchiveEntry entry = new TarArchiveEntry(source.toFile(), DATA_DIR + "/" + name);
          tar.putArchiveEntry(entry);
          Files.copy(source, tar);
          tar.closeArchiveEntry();
        }
      }
      String sha512 = sha512(temp);
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
      Path checksum = ChecksumFiles.beside(target);
      Path checksumTemp = checksum.resolveSibling(checksum.getFileName() + ".partial");
      Files.writeString(checksumTemp, sha512 + "  " + target.getFileName() + "\n", StandardCharsets.UTF_8);
      Files.move(checksumTemp, checksum, StandardCopyOption.ATOMIC_MOVE);
      return sha512;
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /**
   * Checks the archive against its {@code .sha512} file, then unpacks it into {@code into}.
   *
   * @throws BackupException (bad input) for a missing or wrong checksum, or an archive that is not a backup
   */
  public static Opened open(Path archive, Path into) throws BackupException, IOException {
    if (!Files.isRegularFile(archive)) {
      throw BackupException.refused("--from: " + archive + " is not a file: name a backup archive (.tar.gz)");
    }
    Path checksumFile = ChecksumFiles.beside(archive);
    if (!Files.isRegularFile(checksumFile)) {
      throw BackupException.refused("--from: " + checksumFile + " is missing: a backup is its archive and the "
          + ".sha512 file written beside it; copy both");
    }
    String expected = ChecksumFiles.parse(Files.readString(checksumFile, StandardCharsets.UTF_8)).orElseThrow(() ->
        BackupException.refused("--from: " + checksumFile + " holds no SHA-512 checksum; " + ChecksumFiles.FORMAT_FIX));
    String actual = sha512(archive);
    if (!actual.equals(expected)) {
      throw BackupException.refused("--from: " + archive + " does not match its checksum (" + checksumFile
          + "): the archive is damaged or was changed; restore from another copy");
    }
    BackupManifest manifest = null;
    Path data = into.resolve(DATA_DIR);
    Files.createDirectories(data);
    try (InputStream file = new BufferedInputStream(Files.newInputStream(archive));
         GzipCompressorInputStream gzip = new GzipCompressorInputStream(file);
         TarArchiveInputStream tar = new TarArchiveInputStream(gzip)) {
      TarArchiveEntry entry;
      while ((entry = tar.getNextEntry()) != null) {
        String name = entry.getName();
        if (name.equals(MANIFEST)) {
          manifest = BackupManifest.fromJson(tar.readAllBytes());
        } else if (entry.isFile() && name.startsWith(DATA_DIR + "/")
            && ZooKeeperDataFiles.isDataFile(name.substring(DATA_DIR.length() + 1))) {
          Files.copy(tar, data.resolve(name.substring(DATA_DIR.length() + 1)));
        } else if (!(entry.isDirectory() && name.equals(DATA_DIR + "/"))) {
          throw BackupException.refused("--from: " + archive + " holds '" + name + "': it is not a ZooKeeper backup "
              + "made by steward backup zookeeper");
        }
      }
    }
    if (manifest == null) {
      throw BackupException.refused("--from: " + archive + " has no " + MANIFEST + ": it is not a backup made by "
          + "steward backup zookeeper");
    }
    if (manifest.format() > BackupManifest.FORMAT) {
      throw BackupException.refused("--from: " + archive + " was written by a newer Steward (manifest format "
          + manifest.format() + "): restore it with that version");
    }
    return new Opened(archive, actual, manifest, into);
  }

  static String sha512(Path file) throws IOException {
    try {
      return ArtifactResolver.sha512(file);
    } catch (ArtifactException e) {
      throw new IOException(e.getMessage(), e);
    }
  }
}
