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
    ReadySignal ready = new ReadySignal((ServerCallStreamObserver<ZooKeeperDataPart>) response);
    try {
      reader.read(part -> {
        ready.awaitReady();
        response.onNext(part);
      });
      response.onCompleted();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      response.onError(Status.CANCELLED.withDescription("the agent was stopping").asRuntimeException());
    } catch (ReadySignal.CancelledException e) {
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

  /**
   * Blocks the sending thread while the transport's buffer is full, so a slow coordinator makes the
   * agent wait rather than queue the whole snapshot in memory.
   */
  static final class ReadySignal {

    static final class CancelledException extends RuntimeException {
      private static final long serialVersionUID = 1L;
    }

    private final ServerCallStreamObserver<?> call;
    private final Object lock = new Object();

    ReadySignal(ServerCallStreamObserver<?> call) {
      this.call = call;
      call.setOnReadyHandler(this::wake);
      call.setOnCancelHandler(this::wake);
    }

    private void wake() {
      synchronized (lock) {
        lock.notifyAll();
      }
    }

    void awaitReady() throws InterruptedException {
      synchronized (lock) {
        while (!call.isReady()) {
          if (call.isCancelled()) {
            throw new CancelledException();
          }
          lock.wait(1000);
        }
      }
    }
  }
}
