package dev.steward.systemtest;

import com.google.protobuf.util.JsonFormat;
import dev.steward.agent.v1.GetFactsRequest;
import dev.steward.agent.v1.GetFactsResponse;
import dev.steward.agent.v1.HostServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.util.concurrent.TimeUnit;

/**
 * Asks an agent for its facts and prints them as JSON: {@code AgentProbe 127.0.0.1:7443}.
 * LabIT runs it inside a lab host's network namespace, where the agent serves plaintext on
 * the host's own loopback (the only place it may until mutual TLS lands).
 */
public final class AgentProbe {

  private AgentProbe() {
  }

  public static void main(String[] args) throws Exception {
    String target = args.length > 0 ? args[0] : "127.0.0.1:7443";
    ManagedChannel channel = NettyChannelBuilder.forTarget(target).usePlaintext().build();
    try {
      GetFactsResponse facts = HostServiceGrpc.newBlockingStub(channel).withDeadlineAfter(20, TimeUnit.SECONDS)
          .getFacts(GetFactsRequest.newBuilder().addPaths("/var/lib/steward").build());
      System.out.println(JsonFormat.printer().print(facts.getFacts()));
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }
}
