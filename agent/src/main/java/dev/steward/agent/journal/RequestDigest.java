package dev.steward.agent.journal;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.Message;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A request's fingerprint, to tell "the same operation again" from "a different request
 * reusing an id". Deterministic serialization, so map fields (sysctl values) in another
 * order give the same digest.
 */
public final class RequestDigest {

  private RequestDigest() {
  }

  public static String of(String kind, Message request) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      CodedOutputStream out = CodedOutputStream.newInstance(bytes);
      out.useDeterministicSerialization();
      request.writeTo(out);
      out.flush();
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(kind.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      sha.update((byte) 0);
      sha.update(bytes.toByteArray());
      return HexFormat.of().formatHex(sha.digest());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
