package dev.steward.agent.server;

import dev.steward.agent.data.ServiceData;
import dev.steward.agent.data.ZooKeeperDataReader;
import dev.steward.agent.data.ZooKeeperDataRestorer;
import dev.steward.agent.security.CallerIdentity;
import dev.steward.agent.v1.DataServiceGrpc;
import dev.steward.agent.v1.DescribeDataRequest;
import dev.steward.agent.v1.DescribeDataResponse;
import dev.steward.agent.v1.ReadZooKeeperDataRequest;
import dev.steward.agent.v1.RestoreZooKeeperDataRequest;
import dev.steward.agent.v1.RestoreZooKeeperDataResponse;
import dev.steward.agent.v1.ZooKeeperDataPart;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;

/** ZooKeeper backups and restores, and the data facts a restore checks first. */
final class DataServiceImpl extends DataServiceGrpc.DataServiceImplBase {

  private final ServiceData data;
  private final ZooKeeperDataReader reader;
  private final ZooKeeperDataRestorer restorer;

  DataServiceImpl(ServiceData data, ZooKeeperDataReader reader, ZooKeeperDataRestorer restorer) {
    this.data = data;
    this.reader = reader;
    this.restorer = restorer;
  }

  @Override
  public void describeData(DescribeDataRequest request, StreamObserver<DescribeDataResponse> response) {
    try {
      response.onNext(data.describe());
      response.onCompleted();
    } catch (Exception e) {
      response.onError(GrpcErrors.of(e));
    }
  }

  @Override
  public void readZooKeeperData(ReadZooKeeperDataRequest request, StreamObserver<ZooKeeperDataPart> response) {
    BlockingServerStream<ZooKeeperDataPart> stream = new BlockingServerStream<>(
        (ServerCallStreamObserver<ZooKeeperDataPart>) response, CallerGoneException::new);
    try {
      reader.read(stream::send);
      response.onCompleted();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      response.onError(Status.CANCELLED.withDescription("the agent was stopping").asRuntimeException());
    } catch (CallerGoneException e) {
      // the caller went away: nothing to answer
    } catch (Exception e) {
      response.onError(GrpcErrors.of(e));
    }
  }

  @Override
  public void restoreZooKeeperData(RestoreZooKeeperDataRequest request,
      StreamObserver<RestoreZooKeeperDataResponse> response) {
    try {
      response.onNext(restorer.restore(request, CallerIdentity.current().name()));
      response.onCompleted();
    } catch (Exception e) {
      response.onError(GrpcErrors.of(e));
    }
  }

  /** The backup's reader went away mid-stream. */
  private static final class CallerGoneException extends RuntimeException {
    private static final long serialVersionUID = 1L;
  }
}
