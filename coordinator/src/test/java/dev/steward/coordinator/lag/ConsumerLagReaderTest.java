package dev.steward.coordinator.lag;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ConsumerLagReaderTest {

  @Test
  void batchesCoverEveryItemOnceInOrder() {
    List<Integer> items = IntStream.range(0, 2500).boxed().toList();

    List<List<Integer>> batches = ConsumerLagReader.batches(items, ConsumerLagReader.PARTITIONS_PER_BATCH);

    assertThat(batches).extracting(List::size).containsExactly(1000, 1000, 500);
    assertThat(batches.stream().flatMap(List::stream).toList()).isEqualTo(items);
    assertThat(ConsumerLagReader.batches(List.of(), 10)).isEmpty();
  }
}
