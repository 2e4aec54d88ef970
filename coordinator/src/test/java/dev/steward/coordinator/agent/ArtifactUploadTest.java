package dev.steward.coordinator.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.agent.v1.ArtifactHeader;
import dev.steward.agent.v1.ArtifactServiceGrpc;
import dev.steward.agent.v1.PushArtifactRequest;
import dev.steward.agent.v1.PushArtifactResponse;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ArtifactUploadTest {

  private static final byte[] CONTENT = new byte[40 * ArtifactUpload.CHUNK_BYTES + 123];

  static {
    new Random(7).nextBytes(CONTENT);
  }

  private Server server;
  private ManagedChannel channel;

  @AfterEach
  void stop() throws InterruptedException {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
  }

  @Test
  void sendsTheHeaderThenTheFileInSmallChunks() throws Exception {
    Receiver receiver = new Receiver(Integer.MAX_VALUE, false);
    start(receiver);

    PushArtifactResponse response = push(new ByteArrayInputStream(CONTENT));

    assertThat(response.getSize()).isEqualTo(CONTENT.length);
    assertThat(receiver.header.getName()).isEqualTo("kafka.tgz");
    assertThat(receiver.chunkSizes).allMatch(size -> size > 0 && size <= ArtifactUpload.CHUNK_BYTES);
    assertThat(receiver.content.toByteArray()).isEqualTo(CONTENT);
  }

  @Test
  void readsNoFurtherAheadThanTheAgentTakes() throws Exception {
    Receiver receiver = new Receiver(3, false);
    start(receiver);
    CountingStream file = new CountingStream(new ByteArrayInputStream(CONTENT));
    Thread sender = new Thread(() -> push(file));
    sender.start();

    Thread.sleep(500);
    // header + 2 chunks requested; gRPC may take one more into its own buffer before it says "not ready"
    assertThat(sender.isAlive()).isTrue();
    assertThat(file.read.get()).isLessThanOrEqualTo(4L * ArtifactUpload.CHUNK_BYTES);

    receiver.requestAll();
    sender.join(10_000);
    assertThat(sender.isAlive()).isFalse();
    assertThat(receiver.content.toByteArray()).isEqualTo(CONTENT);
  }

  @Test
  void stopsSendingOnceTheAgentHasAnswered() throws Exception {
    Receiver receiver = new Receiver(1, true);
    start(receiver);
    CountingStream file = new CountingStream(new ByteArrayInputStream(CONTENT));

    PushArtifactResponse response = push(file);

    assertThat(response.getAlreadyPresent()).isTrue();
    assertThat(file.read.get()).isLessThan(CONTENT.length);
  }

  private PushArtifactResponse push(InputStream file) {
    ArtifactUpload upload = new ArtifactUpload();
    ArtifactServiceGrpc.newStub(channel).pushArtifact(upload);
    try {
      upload.send(ArtifactHeader.newBuilder().setName("kafka.tgz").setSize(CONTENT.length).build(), file);
      return upload.answer().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private void start(Receiver receiver) throws IOException {
    String name = InProcessServerBuilder.generateName();
    server = InProcessServerBuilder.forName(name).addService(receiver).build().start();
    channel = InProcessChannelBuilder.forName(name).build();
  }

  /** An agent that takes a given number of messages before it is told to take all. */
  private static final class Receiver extends ArtifactServiceGrpc.ArtifactServiceImplBase {

    private final int initialRequests;
    private final boolean answerAfterHeader;
    private final List<Integer> chunkSizes = new ArrayList<>();
    private final ByteArrayOutputStream content = new ByteArrayOutputStream();
    private volatile ServerCallStreamObserver<PushArtifactResponse> call;
    private ArtifactHeader header;

    Receiver(int initialRequests, boolean answerAfterHeader) {
      this.initialRequests = initialRequests;
      this.answerAfterHeader = answerAfterHeader;
    }

    void requestAll() {
      call.request(Integer.MAX_VALUE);
    }

    @Override
    public StreamObserver<PushArtifactRequest> pushArtifact(StreamObserver<PushArtifactResponse> response) {
      call = (ServerCallStreamObserver<PushArtifactResponse>) response;
      call.disableAutoRequest();
      call.request(initialRequests);
      return new StreamObserver<>() {
        @Override
        public void onNext(PushArtifactRequest message) {
          if (message.hasHeader()) {
            header = message.getHeader();
            if (answerAfterHeader) {
              response.onNext(PushArtifactResponse.newBuilder().setAlreadyPresent(true).build());
              response.onCompleted();
            }
            return;
          }
          chunkSizes.add(message.getChunk().size());
          content.writeBytes(message.getChunk().toByteArray());
        }

        @Override
        public void onError(Throwable error) {
        }

        @Override
        public void onCompleted() {
          if (!answerAfterHeader) {
            response.onNext(PushArtifactResponse.newBuilder().setSize(content.size()).build());
            response.onCompleted();
          }
        }
      };
    }
  }

  private static final class CountingStream extends FilterInputStream {

    private final AtomicLong read = new AtomicLong();

    CountingStream(InputStream in) {
      super(in);
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      int n = super.read(buffer, offset, length);
      if (n > 0) {
        read.addAndGet(n);
      }
      return n;
    }
  }
}
