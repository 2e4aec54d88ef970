package dev.steward.agent.journal;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.steward.agent.host.AtomicFiles;
import dev.steward.agent.host.PosixModes;
import dev.steward.agent.v1.ApplyRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The resources of the last successful apply that asked to be recorded: the host's desired
 * state as the coordinator last set it, for drift detection. Readable only by the agent's
 * user; the content of secret files is not stored ({@link #REDACTED}).
 */
public final class LastAppliedStore {

  private final Path file;

  public LastAppliedStore(Path file) {
    this.file = file;
  }

  /**
   * What a secret file's content is replaced with. Not even a digest: an unkeyed hash of a
   * short password can be found by hashing guesses (the audit trail has a keyed one).
   */
  public static final String REDACTED = "steward-redacted-secret";

  public void record(ApplyRequest request) throws IOException {
    ApplyRequest.Builder stored = ApplyRequest.newBuilder().setOperationId(request.getOperationId());
    for (dev.steward.agent.v1.Resource resource : request.getResourcesList()) {
      stored.addResources(redacted(resource));
    }
    AtomicFiles.write(file, ProtoJson.print(stored.build()).getBytes(StandardCharsets.UTF_8),
        PosixModes.toPermissions(0600), temp -> { });
  }

  /** A secret file's content becomes its digest: the state dir is no second copy of credentials. */
  static dev.steward.agent.v1.Resource redacted(dev.steward.agent.v1.Resource resource) {
    if (!resource.hasFile() || !resource.getFile().getSecret()) {
      return resource;
    }
    return resource.toBuilder().setFile(resource.getFile().toBuilder()
        .setContent(com.google.protobuf.ByteString.copyFromUtf8(REDACTED))).build();
  }

  public Optional<ApplyRequest> read() throws IOException {
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    ApplyRequest.Builder request = ApplyRequest.newBuilder();
    try {
      ProtoJson.merge(Files.readString(file, StandardCharsets.UTF_8), request);
    } catch (InvalidProtocolBufferException e) {
      throw new IOException("corrupt last applied state " + file + ": " + e.getMessage(), e);
    }
    return Optional.of(request.build());
  }
}
