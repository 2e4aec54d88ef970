package dev.steward.agent.server;

import dev.steward.agent.installation.InstallationInspector;
import dev.steward.agent.v1.InspectInstallationRequest;
import dev.steward.agent.v1.InspectInstallationResponse;
import dev.steward.agent.v1.InstallationServiceGrpc;
import io.grpc.stub.StreamObserver;

/** `steward adopt`: what a hand-built installation left on this host, read-only. */
final class InstallationServiceImpl extends InstallationServiceGrpc.InstallationServiceImplBase {

  private final InstallationInspector inspector;

  InstallationServiceImpl(InstallationInspector inspector) {
    this.inspector = inspector;
  }

  @Override
  public void inspectInstallation(InspectInstallationRequest request,
      StreamObserver<InspectInstallationResponse> response) {
    try {
      response.onNext(inspector.inspect(request));
      response.onCompleted();
    } catch (Exception e) {
      response.onError(GrpcErrors.of(e));
    }
  }
}
