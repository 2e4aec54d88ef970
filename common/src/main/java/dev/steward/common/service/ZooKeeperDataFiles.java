package dev.steward.common.service;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The snapshots and transaction logs of a ZooKeeper version-2 directory, which of them a backup
 * needs, and the layout of a Steward backup archive: one rule for the agent that reads and lays
 * the files down and the coordinator that checks and archives them. Pure: names in, names out.
 *
 * <p>ZooKeeper names each file after a zxid: a snapshot after the last transaction it had seen
 * when it started (snapshots are fuzzy: taken while transactions keep coming), a log after the
 * first transaction it holds. Recovery loads a snapshot and replays every logged transaction
 * after its zxid, so the state is that of the newest transaction in the logs. The newest snapshot
 * may still be being written (ZooKeeper writes it in place, not by rename), so a backup carries the
 * two newest and the logs from the one the older snapshot's zxid falls in: ZooKeeper's recovery
 * skips a snapshot that is incomplete and uses the one before.
 */
public final class ZooKeeperDataFiles {

  /** ZooKeeper's own name for the directory of its current on-disk format; a backup archive holds one too. */
  public static final String VERSION_DIR = "version-2";
  /** The manifest the coordinator writes first in every backup archive. */
  public static final String MANIFEST = "steward-backup.json";

  private static final Pattern NAME = Pattern.compile("(snapshot|log)\\.([0-9a-f]{1,16})");
  /** ZooKeeper tries snapshots newest first; two cover one that is being written. */
  static final int SNAPSHOTS_KEPT = 2;

  public enum Kind { SNAPSHOT, LOG }

  /** One data file: its name, kind and the zxid in its name. */
  public record DataFileName(String name, Kind kind, long zxid) {
  }

  private ZooKeeperDataFiles() {
  }

  /** A snapshot or a transaction log, by its name. */
  public static boolean isDataFile(String name) {
    return NAME.matcher(name).matches();
  }

  /** The file's kind and zxid, or empty for anything else (epoch files, temporaries). */
  public static Optional<DataFileName> parse(String name) {
    Matcher matcher = NAME.matcher(name);
    if (!matcher.matches()) {
      return Optional.empty();
    }
    Kind kind = matcher.group(1).equals("snapshot") ? Kind.SNAPSHOT : Kind.LOG;
    return Optional.of(new DataFileName(name, kind, Long.parseUnsignedLong(matcher.group(2), 16)));
  }

  /** The data files among {@code names}, oldest first (by zxid, snapshots before logs of the same zxid). */
  public static List<DataFileName> dataFiles(List<String> names) {
    List<DataFileName> files = new ArrayList<>();
    for (String name : names) {
      parse(name).ifPresent(files::add);
    }
    files.sort(Comparator.comparingLong(DataFileName::zxid).thenComparing(DataFileName::kind));
    return files;
  }

  /**
   * The files a consistent copy needs: the newest snapshots and the logs that carry on from the
   * older of them.
   *
   * @throws IllegalStateException when there is no snapshot (ZooKeeper writes one when it first
   *     forms a quorum, so a member without one has never served)
   */
  public static List<DataFileName> backupSelection(List<DataFileName> files) {
    List<DataFileName> snapshots = files.stream().filter(f -> f.kind() == Kind.SNAPSHOT).toList();
    if (snapshots.isEmpty()) {
      throw new IllegalStateException("no snapshot in ZooKeeper's data directory: this member has not served yet");
    }
    List<DataFileName> kept = snapshots.subList(Math.max(0, snapshots.size() - SNAPSHOTS_KEPT), snapshots.size());
    long from = kept.get(0).zxid();
    List<DataFileName> logs = files.stream().filter(f -> f.kind() == Kind.LOG).toList();
    // the log holding the first transaction after the snapshot started before (or at) its zxid
    long firstLog = logs.stream().mapToLong(DataFileName::zxid).filter(zxid -> zxid <= from).max().orElse(Long.MIN_VALUE);
    List<DataFileName> selection = new ArrayList<>(kept);
    logs.stream().filter(log -> log.zxid() >= firstLog).forEach(selection::add);
    selection.sort(Comparator.comparingLong(DataFileName::zxid).thenComparing(DataFileName::kind));
    return selection;
  }
}
