package dev.steward.agent.server;

import dev.steward.agent.artifact.ArtifactException;
import dev.steward.agent.artifact.ArtifactStore;
import dev.steward.agent.audit.AuditSink;
import dev.steward.agent.security.CallerIdentity;
import dev.steward.agent.v1.ArtifactHeader;
import dev.steward.agent.v1.ArtifactServiceGrpc;
import dev.steward.agent.v1.PushArtifactRequest;
import dev.steward.agent.v1.PushArtifactResponse;
import dev.steward.agent.v1.StatArtifactRequest;
import dev.steward.agent.v1.StatArtifactResponse;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Receives distribution archives; the store verifies them before they become visible. */
final class ArtifactServiceImpl extends ArtifactServiceGrpc.ArtifactServiceImplBase {

  private final ArtifactStore store;
  private final AuditSink audit;

  ArtifactServiceImpl(ArtifactStore store, AuditSink audit) {
    this.store = store;
    this.audit = audit;
  }

  @Override
  public StreamObserver<PushArtifactRequest> pushArtifact(StreamObserver<PushArtifactResponse> response) {
    return new Receiver(response, CallerIdentity.current());
  }

  @Override
  public void statArtifact(StatArtifactRequest request, StreamObserver<StatArtifactResponse> response) {
    try {
      ArtifactStore.requireValidSha512("sha512", request.getSha512());
      Optional<Path> stored = store.find(request.getSha512());
      StatArtifactResponse.Builder stat = StatArtifactResponse.newBuilder().setPresent(stored.isPresent());
      if (stored.isPresent()) {
        stat.setSize(Files.size(stored.get()));
      }
      response.onNext(stat.build());
      response.onCompleted();
    } catch (ArtifactException | IOException e) {
      response.onError(GrpcErrors.of(e));
    }
  }

  /** One upload: header first, then chunks; the response comes at the end (or early, when already stored). */
  private final class Receiver implements StreamObserver<PushArtifactRequest> {

    private final StreamObserver<PushArtifactResponse> response;
    private final CallerIdentity caller;
    private ArtifactStore.Upload upload;
    private String sha512;
    private long size;
    /** The answer was already sent (stored before, or refused): ignore the rest of the stream. */
    private boolean answered;

    Receiver(StreamObserver<PushArtifactResponse> response, CallerIdentity caller) {
      this.response = response;
      this.caller = caller;
    }

    @Override
    public void onNext(PushArtifactRequest message) {
      if (answered) {
        return;
      }
      try {
        if (message.hasHeader()) {
          header(message.getHeader());
        } else if (message.getPartCase() == PushArtifactRequest.PartCase.CHUNK) {
          if (upload == null) {
            throw new ArtifactException(ArtifactException.Reason.INVALID,
                "the first message of PushArtifact must be the header (name, sha512, size), then the chunks");
          }
          // the chunk's own buffers, not a copy: the agent holds one chunk at a time, once
          for (ByteBuffer part : message.getChunk().asReadOnlyByteBufferList()) {
            upload.write(part);
          }
        }
      } catch (ArtifactException e) {
        refuse(e);
      }
    }

    private void header(ArtifactHeader header) throws ArtifactException {
      if (upload != null) {
        throw new ArtifactException(ArtifactException.Reason.INVALID, "a second header arrived: send one header, then chunks");
      }
      upload = store.begin(header.getName(), header.getSha512(), header.getSize());
      sha512 = upload.sha512();
      size = header.getSize();
      if (store.find(sha512).isPresent()) {
        upload.abort();
        answered = true;
        response.onNext(PushArtifactResponse.newBuilder().setSha512(sha512).setSize(size).setAlreadyPresent(true).build());
        response.onCompleted();
      }
    }

    @Override
    public void onError(Throwable cancelled) {
      if (upload != null) {
        upload.abort();
      }
    }

    @Override
    public void onCompleted() {
      if (answered) {
        return;
      }
      try {
        if (upload == null) {
          throw new ArtifactException(ArtifactException.Reason.INVALID,
              "PushArtifact ended without a header: send the header (name, sha512, size) first");
        }
        upload.finish();
        audit.record(caller.name(), "", "store-artifact", "artifact:" + upload.name(), "absent", "sha512:" + sha512,
            "CHANGED", size + " bytes");
        answered = true;
        response.onNext(PushArtifactResponse.newBuilder().setSha512(sha512).setSize(size).build());
        response.onCompleted();
      } catch (ArtifactException e) {
        refuse(e);
      }
    }

    private void refuse(ArtifactException e) {
      if (upload != null) {
        upload.abort();
        // nothing was stored, but a refused upload of a valid header is worth a trace
        audit.record(caller.name(), "", "store-artifact", "artifact:" + upload.name(), "", "", "FAILED",
            e.getMessage());
      }
      answered = true;
      response.onError(GrpcErrors.of(e));
    }
  }
}
