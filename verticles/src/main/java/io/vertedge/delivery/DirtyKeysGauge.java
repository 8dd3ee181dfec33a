package io.vertedge.delivery;

import io.opentelemetry.api.metrics.Meter;

import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.WeakHashMap;

/**
 * {@code vertedge_sync_state_dirty_keys}: state keys changed and not yet acknowledged by the
 * peer, summed over a side's state sources (one on the edge, one per node on the cloud). Each
 * source counts on a worker and the gauge reads what it counted last: a scrape never touches
 * the store.
 */
final class DirtyKeysGauge {

  private final Set<StateSource> sources = Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));

  DirtyKeysGauge(Meter meter) {
    meter.gaugeBuilder("vertedge.sync.state.dirty_keys").ofLongs().setUnit("{key}")
        .setDescription("State keys changed and not yet acknowledged by the peer (counted at most once a second)")
        .buildWithCallback(gauge -> {
          List<StateSource> snapshot;
          synchronized (sources) {
            snapshot = List.copyOf(sources);
          }
          gauge.record(snapshot.stream().mapToLong(StateSource::dirtyKeys).sum());
        });
  }

  void track(StateSource source) {
    sources.add(source);
  }
}
