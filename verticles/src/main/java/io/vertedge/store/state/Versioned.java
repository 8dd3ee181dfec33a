package io.vertedge.store.state;

import java.util.Arrays;
import java.util.Objects;

/**
 * A key of a {@link StateStore} map as of one version. A {@code null} value is a tombstone: the
 * key was deleted at that version, and the tombstone is kept so that the deletion reaches a peer
 * that syncs later (see {@link StateStore#changedSince}). Values are shared, not copied: do not
 * modify them.
 */
public record Versioned(String key, long version, byte[] value) {

  public Versioned {
    Objects.requireNonNull(key, "key");
  }

  public boolean isTombstone() {
    return value == null;
  }

  // A record compares arrays by identity; two versions of a key are equal when their bytes are.
  @Override
  public boolean equals(Object other) {
    return other instanceof Versioned that
        && key.equals(that.key) && version == that.version && Arrays.equals(value, that.value);
  }

  @Override
  public int hashCode() {
    return Objects.hash(key, version, Arrays.hashCode(value));
  }

  @Override
  public String toString() {
    String content = value == null ? "tombstone" : value.length + " bytes";
    return "Versioned[" + key + " @" + version + ", " + content + "]";
  }
}
