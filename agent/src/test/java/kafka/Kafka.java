package kafka;

import dev.steward.agent.service.supervisor.FakeServiceMain;

/**
 * A stand-in broker with Kafka's real main class name, so an end-to-end test runs the
 * unmodified JvmCommandLine argv ({@code java ... -cp libs/* kafka.Kafka server.properties}).
 */
public final class Kafka {

  private Kafka() {
  }

  public static void main(String[] args) throws Exception {
    FakeServiceMain.main(args);
  }
}
