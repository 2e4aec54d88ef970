package dev.steward.coordinator.agent;

import com.google.protobuf.ByteString;
import dev.steward.agent.v1.ArtifactHeader;
import dev.steward.agent.v1.PushArtifactRequest;
import dev.steward.agent.v1.PushArtifactResponse;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.CompletableFuture;

/**
 * One PushArtifact call: the header, then the file in small chunks, each sent only once gRPC's
 * flow control says the agent can take it. Without waiting, the whole file would be queued in
 * this process at once (three agents: three copies of a 54 MB distribution); with it, no side
 * holds more than a window of the file.
 */
final class ArtifactUpload implements ClientResponseObserver<PushArtifactRequest, PushArtifactResponse> {

  /**
   * The agent buffers each message whole before it sees it (and copies it while parsing), so a
   * chunk is what an upload costs the agent in memory; 64 KiB moves a distribution as fast as
   * 1 MiB did on loopback and on a LAN.
   */
  static final int CHUNK_BYTES = 64 * 1024;

  private final CompletableFuture<PushArtifactResponse> answer = new CompletableFuture<>();
  private final Object readiness = new Object();
  private ClientCallStreamObserver<PushArtifactRequest> requests;

  @Override
  public void beforeStart(ClientCallStreamObserver<PushArtifactRequest> requestStream) {
    requests = requestStream;
    requestStream.setOnReadyHandler(this::wakeSender);
  }

  @Override
  public void onNext(PushArtifactResponse response) {
    answer.complete(response);
    wakeSender();
  }

  @Override
  public void onError(Throwable error) {
    answer.completeExceptionally(error);
    wakeSender();
  }

  @Override
  public void onCompleted() {
    answer.complete(null);
    wakeSender();
  }

  /** The agent's answer; it may come before the last chunk (the artifact was stored already, or refused). */
  CompletableFuture<PushArtifactResponse> answer() {
    return answer;
  }

  /** Sends the header and then {@code content} to its end, or until the agent has answered. */
  void send(ArtifactHeader header, InputStream content) throws IOException, InterruptedException {
    requests.onNext(PushArtifactRequest.newBuilder().setHeader(header).build());
    byte[] buffer = new byte[CHUNK_BYTES];
    int read;
    while (!answer.isDone() && (read = content.readNBytes(buffer, 0, buffer.length)) > 0) {
      awaitReady();
      if (answer.isDone()) {
        break;
      }
      requests.onNext(PushArtifactRequest.newBuilder().setChunk(ByteString.copyFrom(buffer, 0, read)).build());
    }
    requests.onCompleted();
  }

  /** Ends the call from this side (reading the file failed, or the caller gave up). */
  void cancel(String why, Throwable cause) {
    requests.cancel(why, cause);
  }

  private void awaitReady() throws InterruptedException {
    synchronized (readiness) {
      while (!requests.isReady() && !answer.isDone()) {
        // onReady and the call's end both wake this; the timeout only guards against a missed wake-up
        readiness.wait(1000);
      }
    }
  }

  private void wakeSender() {
    synchronized (readiness) {
      readiness.notifyAll();
    }
  }
}
