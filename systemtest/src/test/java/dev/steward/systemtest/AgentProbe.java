package dev.steward.systemtest;

import com.google.protobuf.ByteString;
import com.google.protobuf.util.JsonFormat;
import dev.steward.agent.v1.ApplyEvent;
import dev.steward.agent.v1.ApplyRequest;
import dev.steward.agent.v1.ArtifactHeader;
import dev.steward.agent.v1.ArtifactServiceGrpc;
import dev.steward.agent.v1.GetFactsRequest;
import dev.steward.agent.v1.GetFactsResponse;
import dev.steward.agent.v1.HostServiceGrpc;
import dev.steward.agent.v1.PushArtifactRequest;
import dev.steward.agent.v1.PushArtifactResponse;
import dev.steward.agent.v1.ResourceServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A tiny agent client for the lab, run inside a host's network namespace, where the agent
 * serves plaintext on the host's own loopback (the only place it may until mutual TLS lands):
 * <pre>
 *   AgentProbe facts TARGET                       GetFacts as JSON
 *   AgentProbe apply TARGET REQUEST.json [TGZ SHA512]   pushes TGZ first, then one JSON line per ApplyEvent
 * </pre>
 */
public final class AgentProbe {

  private AgentProbe() {
  }

  public static void main(String[] args) throws Exception {
    String mode = args[0];
    ManagedChannel channel = NettyChannelBuilder.forTarget(args[1]).usePlaintext().build();
    try {
      switch (mode) {
        case "facts" -> {
          GetFactsResponse facts = HostServiceGrpc.newBlockingStub(channel).withDeadlineAfter(20, TimeUnit.SECONDS)
              .getFacts(GetFactsRequest.newBuilder().addPaths("/var/lib/steward").build());
          System.out.println(JsonFormat.printer().print(facts.getFacts()));
        }
        case "apply" -> {
          if (args.length > 4) {
            push(channel, Path.of(args[3]), args[4]);
          }
          ApplyRequest.Builder request = ApplyRequest.newBuilder();
          JsonFormat.parser().merge(Files.readString(Path.of(args[2])), request);
          Iterator<ApplyEvent> events = ResourceServiceGrpc.newBlockingStub(channel)
              .withDeadlineAfter(10, TimeUnit.MINUTES).apply(request.build());
          while (events.hasNext()) {
            System.out.println(JsonFormat.printer().omittingInsignificantWhitespace().print(events.next()));
          }
        }
        default -> throw new IllegalArgumentException("mode must be facts or apply: " + mode);
      }
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  private static void push(ManagedChannel channel, Path tgz, String sha512) throws Exception {
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
}
