package io.vertedge.delivery;

import io.vertedge.store.state.Batch;
import io.vertedge.store.state.Versioned;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * One record of the state log: map, key, the value (absent for a deletion) and the version the
 * store handed out for it (0 in records of the first format, which had none: the store hands one
 * out when it applies them).
 *
 * <p>Encoded as {@code u16 map length | map | u16 key length | key | flags | [i64 version] |
 * value}; flags bit 0: a value follows (a put), bit 1: a version precedes it. Format 1 wrote
 * flags 0 or 1 only, so its records read the same.
 */
record StateWrite(String map, String key, byte[] value, long version) {

  private static final int HAS_VALUE = 1;
  private static final int HAS_VERSION = 2;

  static StateWrite put(String map, String key, byte[] value) {
    return new StateWrite(Batch.requireMapName(map), key, Objects.requireNonNull(value, "value"), 0);
  }

  static StateWrite delete(String map, String key) {
    return new StateWrite(Batch.requireMapName(map), key, null, 0);
  }

  StateWrite at(long newVersion) {
    return new StateWrite(map, key, value, newVersion);
  }

  /** As the store will hold it once applied. */
  Versioned versioned() {
    return new Versioned(key, version, value);
  }

  byte[] encode() {
    byte[] mapName = map.getBytes(StandardCharsets.UTF_8);
    byte[] keyName = key.getBytes(StandardCharsets.UTF_8);
    int valueLength = value == null ? 0 : value.length;
    int versionLength = version > 0 ? Long.BYTES : 0;
    ByteBuffer buffer = ByteBuffer.allocate(2 + mapName.length + 2 + keyName.length + 1 + versionLength + valueLength)
        .putShort(checkedLength(mapName, "map")).put(mapName)
        .putShort(checkedLength(keyName, "key")).put(keyName)
        .put((byte) ((value == null ? 0 : HAS_VALUE) | (version > 0 ? HAS_VERSION : 0)));
    if (version > 0) {
      buffer.putLong(version);
    }
    if (value != null) {
      buffer.put(value);
    }
    return buffer.array();
  }

  static StateWrite decode(byte[] payload) {
    ByteBuffer buffer = ByteBuffer.wrap(payload);
    String map = string(buffer);
    String key = string(buffer);
    int flags = buffer.get();
    if ((flags & ~(HAS_VALUE | HAS_VERSION)) != 0) {
      throw new IllegalStateException("state log record of " + map + "/" + key + " has unknown flags " + flags
          + ": written by a newer version of vertedge?");
    }
    long version = (flags & HAS_VERSION) != 0 ? buffer.getLong() : 0;
    if ((flags & HAS_VALUE) == 0) {
      return new StateWrite(map, key, null, version);
    }
    byte[] value = new byte[buffer.remaining()];
    buffer.get(value);
    return new StateWrite(map, key, value, version);
  }

  private static short checkedLength(byte[] name, String what) {
    if (name.length > 0xffff) {
      throw new IllegalArgumentException("state " + what + " longer than 65535 bytes");
    }
    return (short) name.length;
  }

  private static String string(ByteBuffer buffer) {
    byte[] bytes = new byte[buffer.getShort() & 0xffff];
    buffer.get(bytes);
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
