package io.vertedge.otel.push;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.metrics.ObservableDoubleGauge;
import io.opentelemetry.api.metrics.ObservableDoubleMeasurement;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The gauge of one property name on one endpoint (KubeEdge: one Float64ObservableGauge per
 * property, named like it), one series per device. It holds only the newest reading per series
 * that has not been exported yet: a push replaces, a collection takes it out. So its memory is
 * at most one double per pushing device, whatever the backend does, and a device that stops
 * reading stops appearing instead of repeating a stale value.
 */
final class PropertyGauge implements Consumer<ObservableDoubleMeasurement> {

  private final ConcurrentHashMap<Attributes, Double> unexported = new ConcurrentHashMap<>();
  private final ObservableDoubleGauge instrument;
  private int targets;

  PropertyGauge(Meter meter, String property) {
    this.instrument = meter.gaugeBuilder(property).buildWithCallback(this);
  }

  void record(Attributes series, double value) {
    unexported.put(series, value);
  }

  /** Series waiting for the next collection (at most one per device). */
  int pending() {
    return unexported.size();
  }

  /** Runs on the collecting thread: hands over each newest value once. */
  @Override
  public void accept(ObservableDoubleMeasurement measurement) {
    unexported.forEach((series, value) -> {
      measurement.record(value, series);
      // a newer value that raced in stays for the next collection
      unexported.remove(series, value);
    });
  }

  /** Counts a target in; called under the pipeline's lock. */
  void retain() {
    targets++;
  }

  /** Counts a target out and forgets its unexported value; true when it was the last. */
  boolean release(Attributes series) {
    if (series != null) {
      unexported.remove(series);
    }
    if (--targets == 0) {
      instrument.close();
      return true;
    }
    return false;
  }
}
