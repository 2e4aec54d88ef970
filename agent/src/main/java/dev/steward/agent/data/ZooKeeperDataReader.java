package dev.steward.agent.data;

import dev.steward.common.service.ZooKeeperDataFiles;
import com.google.protobuf.ByteString;
import dev.steward.agent.journal.OperationException;
import dev.steward.agent.v1.DataFile;
import dev.steward.agent.v1.ZooKeeperDataPart;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads the files a ZooKeeper backup needs from this member and hands them on in slices, so the
 * agent holds one slice at a time however large the snapshot is.
 */
public final class ZooKeeperDataReader {

  /** Where the parts go; may block until the receiver is ready for more. */
  public interface PartSink {
    void send(ZooKeeperDataPart part) throws InterruptedException;
  }

  static final int SLICE_BYTES = 64 * 1024;

  private final ServiceData data;

  public ZooKeeperDataReader(ServiceData data) {
    this.data = data;
  }

  /** @return the number of bytes sent */
  public long read(PartSink sink) throws OperationException, InterruptedException {
    ServiceDataDirs.ZooKeeperDirs zk = data.dirs().zooKeeper().orElseThrow(() -> new OperationException(
        OperationException.Reason.FAILED_PRECONDITION, "ZooKeeper is not defined on this host: back up from a "
        + "host of the ensemble"));
    List<ZooKeeperDataFiles.DataFileName> selection;
    try {
      selection = ZooKeeperDataFiles.backupSelection(data.listed(zk));
    } catch (IOException e) {
      throw new OperationException(OperationException.Reason.INTERNAL, "listing " + zk.snapshotDir() + ": " + e);
    } catch (IllegalStateException e) {
      throw new OperationException(OperationException.Reason.FAILED_PRECONDITION, e.getMessage());
    }
    long sent = 0;
    byte[] slice = new byte[SLICE_BYTES];
    for (ZooKeeperDataFiles.DataFileName file : selection) {
      Path path = ServiceData.locate(zk, file);
      try {
        // a log's length is taken once: records appended later are simply not part of this copy
        long size = file.kind() == ZooKeeperDataFiles.Kind.LOG ? LogTail.usefulLength(path) : Files.size(path);
        sink.send(ZooKeeperDataPart.newBuilder().setFile(DataFile.newBuilder().setName(file.name()).setSize(size))
            .build());
        try (InputStream in = Files.newInputStream(path)) {
          long left = size;
          while (left > 0) {
            int n = in.read(slice, 0, (int) Math.min(slice.length, left));
            if (n < 0) {
              throw new IOException(path + " became shorter while it was read");
            }
            sink.send(ZooKeeperDataPart.newBuilder().setChunk(ByteString.copyFrom(slice, 0, n)).build());
            left -= n;
          }
        }
        sent += size;
      } catch (IOException e) {
        throw new OperationException(OperationException.Reason.INTERNAL, "reading " + path + ": " + e.getMessage());
      }
    }
    return sent;
  }
}
