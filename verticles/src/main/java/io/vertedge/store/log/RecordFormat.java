package io.vertedge.store.log;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/** Layout of a record (see the package documentation); encoding and the checks a reader makes. */
final class RecordFormat {

  static final int OVERHEAD = 24;
  /** The largest payload a record may carry: the link's largest frame (link.maxFrameSize ≤ 64 MiB). */
  static final int MAX_PAYLOAD = 64 << 20;
  static final int COMMIT = 0x8000_0000;

  /** The checksum covers the record from this byte on. */
  static final int CRC_COVERS_FROM = 4;

  private RecordFormat() {
  }

  static long size(int payloadLength) {
    return OVERHEAD + (long) payloadLength;
  }

  /**
   * Writes the record's 24 header bytes into {@code header} and returns them; {@code crc} is
   * reused by the caller to avoid an allocation per record.
   */
  static byte[] header(byte[] header, CRC32C crc, long sequence, long timestampMillis, byte[] payload,
                       boolean commit) {
    ByteBuffer view = ByteBuffer.wrap(header);
    view.putInt(4, payload.length | (commit ? COMMIT : 0));
    view.putLong(8, sequence);
    view.putLong(16, timestampMillis);
    crc.reset();
    crc.update(header, CRC_COVERS_FROM, OVERHEAD - CRC_COVERS_FROM);
    crc.update(payload, 0, payload.length);
    view.putInt(0, (int) crc.getValue());
    return header;
  }

  static int storedCrc(ByteBuffer buffer, int at) {
    return buffer.getInt(at);
  }

  static int payloadLength(ByteBuffer buffer, int at) {
    return buffer.getInt(at + 4) & ~COMMIT;
  }

  static boolean commit(ByteBuffer buffer, int at) {
    return (buffer.getInt(at + 4) & COMMIT) != 0;
  }

  static long sequence(ByteBuffer buffer, int at) {
    return buffer.getLong(at + 8);
  }

  static long timestamp(ByteBuffer buffer, int at) {
    return buffer.getLong(at + 16);
  }
}
