package io.vertedge.edge.twin;

import io.opentelemetry.api.metrics.Meter;
import io.vertedge.devices.model.DeviceModel;
import io.vertedge.devices.model.ModelProperty;
import io.vertedge.devices.telemetry.PropertyGauge;

import java.util.ArrayList;
import java.util.List;

/**
 * The node's devices' actual values on {@code /metrics}
 * ({@code vertedge_device_property_value{namespace,device,property,node,unit}}), typed and with
 * units as the twin and the device's model give them. Fed by the twin on its context.
 */
final class ReportedValues implements AutoCloseable {

  private final PropertyGauge gauge;
  private final String node;

  ReportedValues(Meter meter, String node) {
    this.gauge = new PropertyGauge(meter);
    this.node = node;
  }

  /** The device's actual values as its twin now holds them. */
  void update(DeviceTwinState device, DeviceModel model) {
    List<PropertyGauge.Reading> readings = new ArrayList<>();
    device.twins().forEach((property, twin) -> {
      if (twin.actual() != null) {
        String unit = model == null ? "" : model.property(property).map(ModelProperty::unit).orElse("");
        readings.add(new PropertyGauge.Reading(property, twin.type(), twin.actual().value(), unit));
      }
    });
    gauge.put(device.namespace(), device.name(), node, readings);
  }

  /** A device gone from the node ({@code <ns>/<name>}). */
  void remove(String id) {
    int slash = id.indexOf('/');
    gauge.remove(id.substring(0, slash), id.substring(slash + 1));
  }

  @Override
  public void close() {
    gauge.close();
  }
}
