package io.vertedge.cloud.devices;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The last changes of the registry, in resourceVersion order, bounded: a watch resumes from any
 * version at or after {@link #oldest()} and gets 410 Gone before it. After a restart the
 * history starts empty at the registry's version, so a client holding an older version relists.
 */
final class EventHistory {

  private final int capacity;
  private final ArrayDeque<WatchEvent> events;
  private long oldest;

  /** @param start the version the history starts at: everything up to it is in the store, not here */
  EventHistory(int capacity, long start) {
    if (capacity < 1) {
      throw new IllegalArgumentException("history capacity must be positive: " + capacity);
    }
    this.capacity = capacity;
    this.events = new ArrayDeque<>(Math.min(capacity, 1024));
    this.oldest = start;
  }

  /** The oldest version a watch can resume from: every change after it is held. */
  long oldest() {
    return oldest;
  }

  int size() {
    return events.size();
  }

  void add(WatchEvent event) {
    if (events.size() == capacity) {
      oldest = events.removeFirst().resourceVersion();
    }
    events.addLast(event);
  }

  /** The changes after {@code version}; 410 Gone when some of them are no longer held. */
  List<WatchEvent> after(long version) {
    if (version < oldest) {
      throw ResourceErrors.gone(version, oldest);
    }
    List<WatchEvent> found = new ArrayList<>();
    Iterator<WatchEvent> newestFirst = events.descendingIterator();
    while (newestFirst.hasNext()) {
      WatchEvent event = newestFirst.next();
      if (event.resourceVersion() <= version) {
        break;
      }
      found.add(event);
    }
    java.util.Collections.reverse(found);
    return found;
  }
}
