package dev.steward.agent.security;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;

/**
 * The few DER encodings the agent's CSR and temporary certificate need ({@link AgentCertificates}), and a
 * reader for one TLV at a time: enough that the agent carries no ASN.1 library (BouncyCastle brought ~540
 * classes, and Netty loads its whole JCA provider whenever it is on the class path).
 */
final class Der {

  static final int INTEGER = 0x02;
  static final int BIT_STRING = 0x03;
  static final int OBJECT_IDENTIFIER = 0x06;
  static final int UTF8_STRING = 0x0c;
  static final int UTC_TIME = 0x17;
  static final int GENERALIZED_TIME = 0x18;
  static final int SEQUENCE = 0x30;
  static final int SET = 0x31;

  private static final DateTimeFormatter UTC_TIME_FORMAT =
      DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter GENERALIZED_TIME_FORMAT =
      DateTimeFormatter.ofPattern("yyyyMMddHHmmss'Z'").withZone(ZoneOffset.UTC);

  private Der() {
  }

  /** One TLV: the tag byte, its definite length, the content. */
  static byte[] tlv(int tag, byte[] content) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(content.length + 6);
    out.write(tag);
    int length = content.length;
    if (length < 0x80) {
      out.write(length);
    } else {
      int bytes = (32 - Integer.numberOfLeadingZeros(length) + 7) / 8;
      out.write(0x80 | bytes);
      for (int i = bytes - 1; i >= 0; i--) {
        out.write(length >>> (8 * i));
      }
    }
    out.writeBytes(content);
    return out.toByteArray();
  }

  static byte[] sequence(byte[]... elements) {
    return tlv(SEQUENCE, concat(elements));
  }

  static byte[] set(byte[]... elements) {
    // DER sorts a SET OF by encoding; every set here has one element.
    if (elements.length > 1) {
      throw new IllegalArgumentException("only single-element sets are encoded");
    }
    return tlv(SET, concat(elements));
  }

  /** A context-specific constructed tag: {@code [n]}, explicit or an implicit SET/SEQUENCE. */
  static byte[] contextConstructed(int n, byte[]... elements) {
    return tlv(0xa0 | n, concat(elements));
  }

  static byte[] integer(BigInteger value) {
    return tlv(INTEGER, value.toByteArray());
  }

  static byte[] integer(long value) {
    return integer(BigInteger.valueOf(value));
  }

  static byte[] bitString(byte[] bytes) {
    byte[] content = new byte[bytes.length + 1];
    System.arraycopy(bytes, 0, content, 1, bytes.length); // 0 unused bits
    return tlv(BIT_STRING, content);
  }

  static byte[] utf8String(String text) {
    return tlv(UTF8_STRING, text.getBytes(StandardCharsets.UTF_8));
  }

  /** X.509's Time: UTCTime for 1950-2049, else GeneralizedTime (RFC 5280 4.1.2.5), to the second. */
  static byte[] time(Instant instant) {
    int year = instant.atZone(ZoneOffset.UTC).getYear();
    if (year >= 1950 && year < 2050) {
      return tlv(UTC_TIME, UTC_TIME_FORMAT.format(instant).getBytes(StandardCharsets.US_ASCII));
    }
    return tlv(GENERALIZED_TIME, GENERALIZED_TIME_FORMAT.format(instant).getBytes(StandardCharsets.US_ASCII));
  }

  static byte[] oid(String dotted) {
    String[] parts = dotted.split("\\.");
    if (parts.length < 2) {
      throw new IllegalArgumentException("not an object identifier: " + dotted);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    base128(out, Long.parseLong(parts[0]) * 40 + Long.parseLong(parts[1]));
    for (int i = 2; i < parts.length; i++) {
      base128(out, Long.parseLong(parts[i]));
    }
    return tlv(OBJECT_IDENTIFIER, out.toByteArray());
  }

  private static void base128(ByteArrayOutputStream out, long value) {
    int groups = Math.max(1, (64 - Long.numberOfLeadingZeros(value) + 6) / 7);
    for (int i = groups - 1; i >= 0; i--) {
      int b = (int) ((value >>> (7 * i)) & 0x7f);
      out.write(i == 0 ? b : b | 0x80);
    }
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }

  /** Reads DER one element at a time from a slice of a buffer. */
  static final class Reader {

    private final byte[] der;
    private int position;
    private final int end;

    Reader(byte[] der) {
      this(der, 0, der.length);
    }

    private Reader(byte[] der, int start, int end) {
      this.der = der;
      this.position = start;
      this.end = end;
    }

    boolean hasMore() {
      return position < end;
    }

    /** The next element, whole (tag, length and content), and moves past it. */
    byte[] nextElement() throws IOException {
      int start = position;
      int contentEnd = contentStart() + length(start);
      position = contentEnd;
      return Arrays.copyOfRange(der, start, contentEnd);
    }

    /** Enters the next element, which must have this tag: a reader of its content. */
    Reader enter(int tag) throws IOException {
      int start = position;
      if ((der[start] & 0xff) != tag) {
        throw new IOException(String.format("malformed DER: tag 0x%02x where 0x%02x was expected at %d",
            der[start] & 0xff, tag, start));
      }
      int contentStart = contentStart();
      int contentEnd = contentStart + length(start);
      position = contentEnd;
      return new Reader(der, contentStart, contentEnd);
    }

    private int contentStart() throws IOException {
      require(position + 2);
      int first = der[position + 1] & 0xff;
      return first < 0x80 ? position + 2 : position + 2 + (first & 0x7f);
    }

    private int length(int start) throws IOException {
      require(start + 2);
      int first = der[start + 1] & 0xff;
      int length;
      int contentStart;
      if (first < 0x80) {
        length = first;
        contentStart = start + 2;
      } else {
        int bytes = first & 0x7f;
        if (bytes == 0 || bytes > 3) {
          throw new IOException("malformed DER: length of " + bytes + " bytes at " + start);
        }
        require(start + 2 + bytes);
        length = 0;
        for (int i = 0; i < bytes; i++) {
          length = (length << 8) | (der[start + 2 + i] & 0xff);
        }
        contentStart = start + 2 + bytes;
      }
      require(contentStart + length);
      return length;
    }

    private void require(int index) throws IOException {
      if (index > end) {
        throw new IOException("malformed DER: truncated at " + position);
      }
    }
  }
}
