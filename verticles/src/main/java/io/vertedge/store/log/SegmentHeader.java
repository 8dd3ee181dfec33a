package io.vertedge.store.log;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/** The 20 bytes at the start of every segment (see the package documentation). */
record SegmentHeader(int version, int flags, long firstSequence) {

  static final int SIZE = 20;
  static final int CURRENT_VERSION = 1;
  static final int MAGIC = 0x56454C47;
  static final int FOLLOWS_GAP = 1;

  static SegmentHeader current(long firstSequence, boolean followsGap) {
    return new SegmentHeader(CURRENT_VERSION, followsGap ? FOLLOWS_GAP : 0, firstSequence);
  }

  boolean followsGap() {
    return (flags & FOLLOWS_GAP) != 0;
  }

  ByteBuffer encode() {
    ByteBuffer buffer = ByteBuffer.allocate(SIZE);
    buffer.putInt(MAGIC).putShort((short) version).putShort((short) flags).putLong(firstSequence);
    buffer.putInt(crc(buffer.array()));
    return buffer.flip();
  }

  /**
   * Reads a header from {@code bytes} (at least {@link #SIZE} long, position 0); throws with a
   * sentence for the report when it cannot be trusted.
   */
  static SegmentHeader decode(ByteBuffer bytes) throws Unreadable {
    int magic = bytes.getInt(0);
    if (magic != MAGIC) {
      throw new Unreadable(String.format("not a log segment (magic 0x%08X, expected 0x%08X)", magic, MAGIC), false);
    }
    int version = Short.toUnsignedInt(bytes.getShort(4));
    if (version > CURRENT_VERSION) {
      throw new Unreadable("written in log format version " + version + "; this vertedge reads up to version "
          + CURRENT_VERSION + ": run the vertedge that wrote it, or a newer one", true);
    }
    byte[] covered = new byte[16];
    bytes.get(0, covered);
    if (crc(covered) != bytes.getInt(16)) {
      throw new Unreadable("segment header checksum mismatch", false);
    }
    return new SegmentHeader(version, Short.toUnsignedInt(bytes.getShort(6)), bytes.getLong(8));
  }

  private static int crc(byte[] bytes) {
    CRC32C crc = new CRC32C();
    crc.update(bytes, 0, 16);
    return (int) crc.getValue();
  }

  /** A header that cannot be used; {@code newerFormat} when it is valid but too new for us. */
  static final class Unreadable extends Exception {
    private final boolean newerFormat;

    Unreadable(String message, boolean newerFormat) {
      super(message, null, false, false);
      this.newerFormat = newerFormat;
    }

    boolean newerFormat() {
      return newerFormat;
    }
  }
}
