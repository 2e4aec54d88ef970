package dev.steward.systemtest;

import com.google.protobuf.ByteString;
import dev.steward.agent.v1.ApplyEvent;
import dev.steward.agent.v1.ApplyRequest;
import dev.steward.agent.v1.ArtifactHeader;
import dev.steward.agent.v1.ArtifactServiceGrpc;
import dev.steward.agent.v1.GetFactsRequest;
import dev.steward.agent.v1.HostFacts;
import dev.steward.agent.v1.HostServiceGrpc;
import dev.steward.agent.v1.PushArtifactRequest;
import dev.steward.agent.v1.PushArtifactResponse;
import dev.steward.agent.v1.ResourceServiceGrpc;
import dev.steward.common.inventory.HostSpec;
import dev.steward.coordinator.pki.PkiDirectory;
import dev.steward.coordinator.pki.TlsAgentConnector;
import io.grpc.ManagedChannel;
import io.grpc.stub.StreamObserver;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A tiny agent client for the lab: mutual TLS from this machine to a lab host's agent at
 * 10.77.0.1N:7443, with the coordinator certificate of the lab's PKI (lab.sh up enrolled every
 * agent with it), and the same trust checks as `steward` (CA, role, name, address, serial).
 */
final class AgentProbe implements AutoCloseable {

  private final ManagedChannel channel;

  private AgentProbe(ManagedChannel channel) {
    this.channel = channel;
  }

  static AgentProbe connect(Path pki, String host) throws Exception {
    HostSpec spec = new HostSpec(host, Lab.address(host), OptionalInt.empty(), OptionalInt.empty(), Lab.AGENT_PORT);
    return new AgentProbe(new TlsAgentConnector(new PkiDirectory(pki)).connect(spec));
  }

  HostFacts facts() {
    return HostServiceGrpc.newBlockingStub(channel).withDeadlineAfter(20, TimeUnit.SECONDS)
        .getFacts(GetFactsRequest.newBuilder().addPaths("/var/lib/steward").build()).getFacts();
  }

  /** Pushes {@code tgz} first when given, then applies; every ApplyEvent, the summary last. */
  List<ApplyEvent> apply(ApplyRequest request, Path tgz, String sha512) throws Exception {
    if (tgz != null) {
      push(tgz, sha512);
    }
    Iterator<ApplyEvent> events = ResourceServiceGrpc.newBlockingStub(channel)
        .withDeadlineAfter(10, TimeUnit.MINUTES).apply(request);
    List<ApplyEvent> all = new ArrayList<>();
    events.forEachRemaining(all::add);
    return all;
  }

  private void push(Path tgz, String sha512) throws Exception {
    CompletableFuture<PushArtifactResponse> done = new CompletableFuture<>();
    StreamObserver<PushArtifactRequest> upload = ArtifactServiceGrpc.newStub(channel)
        .withDeadlineAfter(5, TimeUnit.MINUTES).pushArtifact(new StreamObserver<>() {
          @Override
          public void onNext(PushArtifactResponse value) {
            done.complete(value);
          }

          @Override
          public void onError(Throwable t) {
            done.completeExceptionally(t);
          }

          @Override
          public void onCompleted() {
            done.complete(null);
          }
        });
    upload.onNext(PushArtifactRequest.newBuilder().setHeader(ArtifactHeader.newBuilder()
        .setName(tgz.getFileName().toString()).setSha512(sha512).setSize(Files.size(tgz))).build());
    try (InputStream in = Files.newInputStream(tgz)) {
      byte[] buffer = new byte[1 << 20];
      int n;
      while ((n = in.read(buffer)) > 0 && !done.isDone()) {
        upload.onNext(PushArtifactRequest.newBuilder().setChunk(ByteString.copyFrom(buffer, 0, n)).build());
      }
    }
    upload.onCompleted();
    done.get(5, TimeUnit.MINUTES);
  }

  @Override
  public void close() throws InterruptedException {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
  }
}
