package dev.steward.agent.probe;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * Sends one four-letter word to ZooKeeper over a plain socket (no {@code nc}: it may be a
 * broken alternatives link) and reads the answer until ZooKeeper closes the connection.
 */
public final class FourLetterWordClient {

  /** A 4lw answer is a few KiB at most; more means this is not ZooKeeper. */
  private static final int MAX_ANSWER_BYTES = 256 * 1024;

  private final int timeoutMillis;

  public FourLetterWordClient(int timeoutMillis) {
    this.timeoutMillis = timeoutMillis;
  }

  public String send(InetSocketAddress address, String word) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(address, timeoutMillis);
      socket.setSoTimeout(timeoutMillis);
      OutputStream out = socket.getOutputStream();
      out.write(word.getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream answer = new ByteArrayOutputStream();
      byte[] buffer = new byte[4096];
      int n;
      while ((n = in.read(buffer)) > 0) {
        answer.write(buffer, 0, n);
        if (answer.size() > MAX_ANSWER_BYTES) {
          throw new IOException("answer larger than " + MAX_ANSWER_BYTES + " bytes: is this a ZooKeeper port?");
        }
      }
      return answer.toString(StandardCharsets.UTF_8);
    }
  }
}
