package io.vertedge.store.state;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The keys of format 3's entries tree: the map's UTF-8, a zero byte, the key's UTF-8. MapDB
 * compares them byte by byte, unsigned, so a map's keys are one range, in the code point order of
 * their keys. Format 2 keyed the tree by (map, key) string tuples, and MapDB decodes every string
 * of a node one character per call on each lookup: that decoding was half the CPU of a put.
 */
final class EntryKeys {

  private static final byte SEPARATOR = 0;

  private EntryKeys() { }

  static byte[] of(String map, String key) {
    byte[] mapBytes = map.getBytes(StandardCharsets.UTF_8);
    byte[] keyBytes = key.getBytes(StandardCharsets.UTF_8);
    byte[] joined = Arrays.copyOf(mapBytes, mapBytes.length + 1 + keyBytes.length);
    joined[mapBytes.length] = SEPARATOR;
    System.arraycopy(keyBytes, 0, joined, mapBytes.length + 1, keyBytes.length);
    return joined;
  }

  /** The lowest key of {@code map}: the map and its separator. */
  static byte[] first(String map) {
    return of(map, "");
  }

  /** Above every key of {@code map}, below those of the maps after it. */
  static byte[] pastLast(String map) {
    byte[] bound = first(map);
    bound[bound.length - 1] = SEPARATOR + 1;
    return bound;
  }

  static String map(byte[] entryKey) {
    return new String(entryKey, 0, separatorAt(entryKey), StandardCharsets.UTF_8);
  }

  static String key(byte[] entryKey) {
    int separator = separatorAt(entryKey);
    return new String(entryKey, separator + 1, entryKey.length - separator - 1, StandardCharsets.UTF_8);
  }

  private static int separatorAt(byte[] entryKey) {
    for (int i = 0; i < entryKey.length; i++) {
      if (entryKey[i] == SEPARATOR) {
        return i;
      }
    }
    throw new IllegalStateException("state entry key without a map separator: " + Arrays.toString(entryKey));
  }
}
