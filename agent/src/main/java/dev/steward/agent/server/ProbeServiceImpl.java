package dev.steward.agent.server;

import dev.steward.agent.probe.LocalProbes;
import dev.steward.agent.v1.ProbeBrokerRequest;
import dev.steward.agent.v1.ProbeBrokerResponse;
import dev.steward.agent.v1.ProbeServiceGrpc;
import dev.steward.agent.v1.ProbeZooKeeperRequest;
import dev.steward.agent.v1.ProbeZooKeeperResponse;
import io.grpc.stub.StreamObserver;

/** Local ZooKeeper and broker probes. */
final class ProbeServiceImpl extends ProbeServiceGrpc.ProbeServiceImplBase {

  private final LocalProbes probes;

  ProbeServiceImpl(LocalProbes probes) {
    this.probes = probes;
  }

  @Override
  public void probeZooKeeper(ProbeZooKeeperRequest request, StreamObserver<ProbeZooKeeperResponse> response) {
    try {
      response.onNext(probes.probeZooKeeper(request));
      response.onCompleted();
    } catch (Exception e) {
      response.onError(GrpcErrors.of(e));
    }
  }

  @Override
  public void probeBroker(ProbeBrokerRequest request, StreamObserver<ProbeBrokerResponse> response) {
    try {
      response.onNext(probes.probeBroker(request));
      response.onCompleted();
    } catch (Exception e) {
      response.onError(GrpcErrors.of(e));
    }
  }
}
