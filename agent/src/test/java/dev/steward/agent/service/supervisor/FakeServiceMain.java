package dev.steward.agent.service.supervisor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Properties;

/**
 * Stands in for ZooKeeper/Kafka in supervisor tests: a real JVM started with the real
 * JvmCommandLine argv. It records its pid in the file named by {@code marker}, then sleeps;
 * SIGTERM ends it with 143 like any JVM. {@code exit.after.ms} + {@code exit.code} make it
 * exit by itself.
 */
public final class FakeServiceMain {

  private FakeServiceMain() {
  }

  public static void main(String[] args) throws IOException, InterruptedException {
    Properties config = new Properties();
    try (var in = Files.newInputStream(Path.of(args[0]))) {
      config.load(in);
    }
    String marker = config.getProperty("marker");
    if (marker != null) {
      Files.writeString(Path.of(marker), ProcessHandle.current().pid() + "\n", StandardCharsets.US_ASCII,
          StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
    System.out.println("fake service up, pid " + ProcessHandle.current().pid());
    long exitAfter = Long.parseLong(config.getProperty("exit.after.ms", "-1"));
    if (exitAfter >= 0) {
      Thread.sleep(exitAfter);
      System.exit(Integer.parseInt(config.getProperty("exit.code", "1")));
    }
    Thread.sleep(Long.MAX_VALUE);
  }
}
