package io.vertedge.delivery;

import io.vertedge.link.proto.Envelope;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Cloud state that has arrived on the edge and is not yet durable there, the newest per key:
 * the handlers act on it at once, while the edge's copy waits for a deferred force
 * ({@link StateSink}) — and, behind a batch waiting for its force, to be appended at all. A
 * reader of the copy ({@link EdgeDelivery#cloudState()}) lays it over what the store holds, so
 * that it sees everything the handlers were told of (a mapper registering just after a device
 * arrived is handed that device). Written on the edge hub's context, read from any.
 */
final class ArrivedState {

  private final Map<String, Envelope> byKey = new ConcurrentHashMap<>();

  void arrived(Envelope envelope) {
    byKey.put(envelope.getRoute().getResource(), envelope);
  }

  /** The batch is durable: the store holds it now. */
  void durable(List<Envelope> batch) {
    batch.forEach(envelope -> byKey.remove(envelope.getRoute().getResource(), envelope));
  }

  /** Take it before reading the store: whatever leaves it meanwhile is durable, so the read finds it. */
  Map<String, Envelope> snapshot() {
    return Map.copyOf(byKey);
  }

  /** The stored envelopes with the newer of those that arrived laid over them; an arrived deletion removes its key. */
  static List<Envelope> overlay(List<Envelope> stored, Map<String, Envelope> arrived) {
    Map<String, Envelope> byKey = new LinkedHashMap<>();
    stored.forEach(envelope -> byKey.put(envelope.getRoute().getResource(), envelope));
    arrived.forEach((key, envelope) -> {
      Envelope held = byKey.get(key);
      if (held != null && held.getSequence() >= envelope.getSequence()) {
        return;
      }
      if (StateSource.DELETE.equals(envelope.getRoute().getOperation())) {
        byKey.remove(key);
      } else {
        byKey.put(key, envelope);
      }
    });
    return List.copyOf(byKey.values());
  }
}
