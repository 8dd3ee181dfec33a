package io.vertedge.store.state;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Changes that a {@link StateStore} applies together with one commit: puts and deletes across
 * maps, in order, and named marks such as the log position applied or a node's sequence
 * high-water mark. After a crash either the whole batch is there or none of it, so a mark
 * always describes the data stored with it. Built on one thread, then handed over.
 */
public final class Batch {

  /**
   * A put, or a delete when {@code value} is {@code null}; at {@code version} when it is above 0
   * (one handed out by {@link StateStore#nextVersion()}, so that it is known before the commit),
   * otherwise at a version the store hands out as it commits.
   */
  public record Write(String map, String key, byte[] value, long version) {

    public Write {
      requireMapName(map);
      Objects.requireNonNull(key, "key");
    }

    public Write(String map, String key, byte[] value) {
      this(map, key, value, 0);
    }
  }

  private final List<Write> writes = new ArrayList<>();
  private final Map<String, Long> marks = new LinkedHashMap<>();

  public Batch put(String map, String key, byte[] value) {
    Objects.requireNonNull(value, "value (use delete to remove a key)");
    writes.add(new Write(map, key, value));
    return this;
  }

  /** A put (or a delete when {@code value} is {@code null}) at a version handed out earlier. */
  public Batch write(String map, String key, byte[] value, long version) {
    writes.add(new Write(map, key, value, version));
    return this;
  }

  public Batch delete(String map, String key) {
    writes.add(new Write(map, key, null));
    return this;
  }

  /** A map's name, or an exception: names are not null and hold no NUL character (the store ends them with one). */
  public static String requireMapName(String map) {
    if (Objects.requireNonNull(map, "map").indexOf('\0') >= 0) {
      throw new IllegalArgumentException("a state map's name holds a NUL character: " + map.replace("\0", "\\0"));
    }
    return map;
  }

  /** Sets a mark; the last value given for a name in a batch wins. */
  public Batch mark(String name, long value) {
    marks.put(Objects.requireNonNull(name, "name"), value);
    return this;
  }

  public List<Write> writes() {
    return Collections.unmodifiableList(writes);
  }

  public Map<String, Long> marks() {
    return Collections.unmodifiableMap(marks);
  }

  /** True when there is nothing to commit: no write and no mark. */
  public boolean isEmpty() {
    return writes.isEmpty() && marks.isEmpty();
  }
}
