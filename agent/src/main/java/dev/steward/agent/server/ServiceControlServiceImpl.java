package dev.steward.agent.server;

import dev.steward.agent.service.ServiceController;
import dev.steward.agent.v1.ControlServiceRequest;
import dev.steward.agent.v1.ControlServiceResponse;
import dev.steward.agent.v1.GetServiceStatusRequest;
import dev.steward.agent.v1.GetServiceStatusResponse;
import dev.steward.agent.v1.ServiceControlServiceGrpc;
import dev.steward.common.service.ServiceNames;
import io.grpc.stub.StreamObserver;

/** Start/stop/restart (deduplicated by operation id) and status. */
final class ServiceControlServiceImpl extends ServiceControlServiceGrpc.ServiceControlServiceImplBase {

  private final ServiceController controller;

  ServiceControlServiceImpl(ServiceController controller) {
    this.controller = controller;
  }

  @Override
  public void controlService(ControlServiceRequest request, StreamObserver<ControlServiceResponse> response) {
    try {
      response.onNext(controller.control(request));
      response.onCompleted();
    } catch (Exception e) {
      response.onError(GrpcErrors.of(e));
    }
  }

  @Override
  public void getServiceStatus(GetServiceStatusRequest request, StreamObserver<GetServiceStatusResponse> response) {
    try {
      if (!ServiceNames.isManaged(request.getService())) {
        throw new IllegalArgumentException("service must name a managed service (SERVICE_NAME_ZOOKEEPER, "
            + "SERVICE_NAME_KAFKA, SERVICE_NAME_KAFKA_CONNECT)");
      }
      response.onNext(GetServiceStatusResponse.newBuilder().setStatus(controller.status(request.getService())).build());
      response.onCompleted();
    } catch (Exception e) {
      response.onError(GrpcErrors.of(e));
    }
  }
}
