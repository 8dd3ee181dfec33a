package io.vertedge.config;

import io.vertedge.mqtt.TopicFilter;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The bounds of the edge's outboxes: past either, the doors refuse new events (back-pressure)
 * instead of accepting what could not be kept — except events on the dropOldest topics, whose
 * own outbox drops its oldest events when full.
 *
 * @param outboxMaxBytes     events on disk waiting for the cloud's acknowledgement
 * @param outboxMaxAge       how long the oldest of them may wait
 * @param dropOldestTopics   topics whose events go to the outbox that drops its oldest
 * @param dropOldestMaxBytes that outbox's bound
 */
public record EdgeStore(long outboxMaxBytes, Duration outboxMaxAge, List<TopicFilter> dropOldestTopics,
                        long dropOldestMaxBytes) {
  public EdgeStore {
    Objects.requireNonNull(outboxMaxAge, "outboxMaxAge");
    dropOldestTopics = List.copyOf(dropOldestTopics);
  }
}
