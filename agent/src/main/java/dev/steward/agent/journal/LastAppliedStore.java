package dev.steward.agent.journal;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
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
 * user, since file resources may carry secrets.
 */
public final class LastAppliedStore {

  private final Path file;

  public LastAppliedStore(Path file) {
    this.file = file;
  }

  public void record(ApplyRequest request) throws IOException {
    ApplyRequest stored = ApplyRequest.newBuilder()
        .setOperationId(request.getOperationId())
        .addAllResources(request.getResourcesList())
        .build();
    AtomicFiles.write(file, JsonFormat.printer().print(stored).getBytes(StandardCharsets.UTF_8),
        PosixModes.toPermissions(0600), temp -> { });
  }

  public Optional<ApplyRequest> read() throws IOException {
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    ApplyRequest.Builder request = ApplyRequest.newBuilder();
    try {
      JsonFormat.parser().merge(Files.readString(file, StandardCharsets.UTF_8), request);
    } catch (InvalidProtocolBufferException e) {
      throw new IOException("corrupt last applied state " + file + ": " + e.getMessage(), e);
    }
    return Optional.of(request.build());
  }
}
