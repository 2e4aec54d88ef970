package dev.steward.coordinator.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class SpreadTest {

  @Test
  void theMedianOfAnOddCountIsTheMiddleOneAndOfAnEvenCountTheMeanOfTheTwo() {
    Spread odd = Spread.of(List.of(ms(900), ms(300), ms(500)));
    Spread even = Spread.of(List.of(ms(400), ms(100), ms(300), ms(200)));

    assertThat(odd).isEqualTo(new Spread(ms(300), ms(500), ms(900)));
    assertThat(even.median()).isEqualTo(ms(250));
    assertThat(Spread.seconds(ms(1234))).isEqualTo("1.23 s");
  }

  private static Duration ms(long millis) {
    return Duration.ofMillis(millis);
  }
}
