package dev.steward.coordinator.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.common.testing.PrometheusTextParser;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class MetricsServingTest {

  @Test
  void aScrapeWithinTheCacheTimeReusesTheLastCollection() {
    AtomicLong clock = new AtomicLong();
    AtomicInteger collections = new AtomicInteger();
    CachedScrape scrape = new CachedScrape(() -> "n " + collections.incrementAndGet() + "\n", clock::get, 5_000);
    assertThat(scrape.get()).isEqualTo("n 1\n");
    clock.set(4_999);
    assertThat(scrape.get()).isEqualTo("n 1\n");
    clock.set(5_000);
    assertThat(scrape.get()).isEqualTo("n 2\n");
  }

  @Test
  void servesTheScrapeWithTheTextFormatsContentType() throws Exception {
    CachedScrape scrape = new CachedScrape(() -> "# HELP a b\n# TYPE a gauge\na 1\n", System::nanoTime, 0);
    try (MetricsServer server = new MetricsServer(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), scrape)) {
      server.start();
      HttpClient client = HttpClient.newHttpClient();
      URI base = URI.create("http://127.0.0.1:" + server.address().getPort());
      HttpResponse<String> metrics = client.send(HttpRequest.newBuilder(base.resolve("/metrics")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(metrics.statusCode()).isEqualTo(200);
      assertThat(metrics.headers().firstValue("Content-Type")).contains(PrometheusText.CONTENT_TYPE);
      assertThat(PrometheusTextParser.parse(metrics.body()).get("a").value()).contains(1.0);
      HttpResponse<String> post = client.send(HttpRequest.newBuilder(base.resolve("/metrics"))
          .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(post.statusCode()).isEqualTo(405);
      assertThat(client.send(HttpRequest.newBuilder(base.resolve("/other")).build(),
          HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(404);
    }
  }

  @Test
  void aFailedCollectionIsA500() throws Exception {
    CachedScrape scrape = new CachedScrape(() -> {
      throw new IllegalStateException("boom");
    }, System::nanoTime, 0);
    try (MetricsServer server = new MetricsServer(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), scrape)) {
      server.start();
      HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + server.address().getPort() + "/metrics")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isEqualTo(500);
      assertThat(response.body()).contains("boom");
    }
  }
}
