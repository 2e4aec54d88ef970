package dev.steward.agent.artifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArtifactStoreTest {

  @TempDir
  Path dir;

  private static byte[] content(int size) {
    byte[] bytes = new byte[size];
    new Random(11).nextBytes(bytes);
    return bytes;
  }

  private static String sha512(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-512").digest(bytes));
  }

  @Test
  void chunksOfAnySizeAndKindAddUpToTheVerifiedFile() throws Exception {
    byte[] bytes = content(3 * ArtifactStore.Upload.WRITE_SLICE_BYTES + 17);
    ArtifactStore store = new ArtifactStore(dir, 1 << 20);
    int firstCut = 1000;
    int secondCut = firstCut + 2 * ArtifactStore.Upload.WRITE_SLICE_BYTES + 5;

    Path stored;
    try (ArtifactStore.Upload upload = store.begin("kafka.tgz", sha512(bytes), bytes.length)) {
      upload.write(ByteBuffer.wrap(bytes, 0, firstCut).asReadOnlyBuffer());
      ByteBuffer direct = ByteBuffer.allocateDirect(secondCut - firstCut);
      direct.put(bytes, firstCut, secondCut - firstCut).flip();
      upload.write(direct);
      upload.write(java.util.Arrays.copyOfRange(bytes, secondCut, bytes.length));
      stored = upload.finish();
    }

    assertThat(Files.readAllBytes(stored)).isEqualTo(bytes);
    assertThat(store.find(sha512(bytes))).contains(stored);
  }

  @Test
  void moreThanTheHeaderSaidIsRefusedAndNothingIsKept() throws Exception {
    byte[] bytes = content(100);
    ArtifactStore store = new ArtifactStore(dir, 1 << 20);
    ArtifactStore.Upload upload = store.begin("kafka.tgz", sha512(bytes), 99);

    assertThatThrownBy(() -> upload.write(ByteBuffer.wrap(bytes))).isInstanceOf(ArtifactException.class)
        .hasMessageContaining("more than header.size");
    try (var left = Files.list(dir)) {
      assertThat(left).isEmpty();
    }
  }

  @Test
  void aWrongChecksumStoresNothing() throws Exception {
    byte[] bytes = content(100);
    ArtifactStore store = new ArtifactStore(dir, 1 << 20);
    ArtifactStore.Upload upload = store.begin("kafka.tgz", sha512(new byte[] {1}), bytes.length);
    upload.write(ByteBuffer.wrap(bytes));

    assertThatThrownBy(upload::finish).isInstanceOf(ArtifactException.class).hasMessageContaining("SHA-512 mismatch");
    try (var left = Files.list(dir)) {
      assertThat(left).isEmpty();
    }
  }
}
