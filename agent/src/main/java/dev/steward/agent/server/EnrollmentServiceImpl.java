package dev.steward.agent.server;

import dev.steward.agent.security.AgentEnrollment;
import dev.steward.agent.security.CallerIdentity;
import dev.steward.agent.v1.EnrollmentServiceGrpc;
import dev.steward.agent.v1.GetCsrRequest;
import dev.steward.agent.v1.GetCsrResponse;
import dev.steward.agent.v1.InstallCertificateRequest;
import dev.steward.agent.v1.InstallCertificateResponse;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;

/** GetCsr and InstallCertificate; who may call them is the interceptor's decision. */
final class EnrollmentServiceImpl extends EnrollmentServiceGrpc.EnrollmentServiceImplBase {

  private final AgentEnrollment enrollment;

  EnrollmentServiceImpl(AgentEnrollment enrollment) {
    this.enrollment = enrollment;
  }

  @Override
  public void getCsr(GetCsrRequest request, StreamObserver<GetCsrResponse> response) {
    try {
      response.onNext(enrollment.getCsr(request));
      response.onCompleted();
    } catch (Exception e) {
      response.onError(GrpcErrors.of(e));
    }
  }

  @Override
  public void installCertificate(InstallCertificateRequest request,
                                 StreamObserver<InstallCertificateResponse> response) {
    try {
      response.onNext(enrollment.install(request, CallerIdentity.current()));
      response.onCompleted();
    } catch (AgentEnrollment.InstallRefusedException e) {
      response.onError(Status.PERMISSION_DENIED.withDescription("certificate refused: " + e.getMessage())
          .asRuntimeException());
    } catch (Exception e) {
      response.onError(GrpcErrors.of(e));
    }
  }
}
