package dev.steward.agent.server;

import dev.steward.agent.facts.FactsCollector;
import dev.steward.agent.preflight.PreflightRunner;
import dev.steward.agent.v1.GetFactsRequest;
import dev.steward.agent.v1.GetFactsResponse;
import dev.steward.agent.v1.HostServiceGrpc;
import dev.steward.agent.v1.RunPreflightRequest;
import dev.steward.agent.v1.RunPreflightResponse;
import io.grpc.stub.StreamObserver;

/** Facts and preflight. */
final class HostServiceImpl extends HostServiceGrpc.HostServiceImplBase {

  private final FactsCollector facts;
  private final PreflightRunner preflight;

  HostServiceImpl(FactsCollector facts, PreflightRunner preflight) {
    this.facts = facts;
    this.preflight = preflight;
  }

  @Override
  public void getFacts(GetFactsRequest request, StreamObserver<GetFactsResponse> response) {
    try {
      response.onNext(GetFactsResponse.newBuilder().setFacts(facts.collect(request.getPathsList())).build());
      response.onCompleted();
    } catch (Exception e) {
      response.onError(GrpcErrors.of(e));
    }
  }

  @Override
  public void runPreflight(RunPreflightRequest request, StreamObserver<RunPreflightResponse> response) {
    try {
      response.onNext(preflight.run(request));
      response.onCompleted();
    } catch (Exception e) {
      response.onError(GrpcErrors.of(e));
    }
  }
}
