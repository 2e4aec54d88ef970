package dev.steward.coordinator.mirror;

import java.nio.ByteBuffer;
import org.apache.kafka.common.protocol.types.Field;
import org.apache.kafka.common.protocol.types.Schema;
import org.apache.kafka.common.protocol.types.Struct;
import org.apache.kafka.common.protocol.types.Type;

/**
 * One record of MM2's offset-syncs topic: upstream record {@code upstream} of a source partition
 * was written as record {@code downstream} of its mirrored partition. The class that writes them
 * lives in the {@code connect-mirror} jar with all of Connect behind it, so the coordinator reads
 * the two small structs itself (key: topic, partition; value: upstreamOffset, offset).
 */
public record OffsetSyncRecord(String topic, int partition, long upstream, long downstream) {

  static final Schema KEY = new Schema(new Field("topic", Type.STRING), new Field("partition", Type.INT32));
  static final Schema VALUE = new Schema(new Field("upstreamOffset", Type.INT64), new Field("offset", Type.INT64));

  public static OffsetSyncRecord decode(byte[] key, byte[] value) {
    Struct k = KEY.read(ByteBuffer.wrap(key));
    Struct v = VALUE.read(ByteBuffer.wrap(value));
    return new OffsetSyncRecord(k.getString("topic"), k.getInt("partition"), v.getLong("upstreamOffset"),
        v.getLong("offset"));
  }

  /** The record MM2 would write for this sync (tests). */
  byte[][] encode() {
    Struct k = new Struct(KEY).set("topic", topic).set("partition", partition);
    Struct v = new Struct(VALUE).set("upstreamOffset", upstream).set("offset", downstream);
    ByteBuffer kb = ByteBuffer.allocate(KEY.sizeOf(k));
    KEY.write(kb, k);
    ByteBuffer vb = ByteBuffer.allocate(VALUE.sizeOf(v));
    VALUE.write(vb, v);
    return new byte[][] {kb.array(), vb.array()};
  }
}
