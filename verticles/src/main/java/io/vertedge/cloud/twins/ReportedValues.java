package io.vertedge.cloud.twins;

import io.opentelemetry.api.metrics.Meter;
import io.vertedge.cloud.devices.DeviceRegistry;
import io.vertedge.cloud.devices.WatchEvent;
import io.vertedge.devices.model.Device;
import io.vertedge.devices.model.DeviceModel;
import io.vertedge.devices.model.ModelProperty;
import io.vertedge.devices.model.ResourceKind;
import io.vertedge.devices.model.Twin;
import io.vertedge.devices.telemetry.PropertyGauge;
import io.vertx.core.Future;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The reported values the cloud stores in {@code Device.status.twins} on {@code /metrics}
 * ({@code vertedge_device_property_value{namespace,device,property,node,unit}}): typed and with
 * units by the device's model (else by the type the edge reported), labelled with the device's
 * node. Follows the registry with a watch, so a deleted device's series go with it.
 */
final class ReportedValues {

  private final DeviceRegistry registry;
  private final PropertyGauge gauge;
  // only on the registry's context, where the watch delivers; the objects are the registry's own
  private final Map<String, Device> devices = new HashMap<>();
  private final Map<String, DeviceModel> models = new HashMap<>();
  private DeviceRegistry.WatchSubscription subscription;

  ReportedValues(DeviceRegistry registry, Meter meter) {
    this.registry = registry;
    this.gauge = new PropertyGauge(meter);
  }

  Future<Void> start() {
    return registry.watch(Set.of(ResourceKind.DEVICE, ResourceKind.DEVICE_MODEL), 0, this::changed)
        .onSuccess(watch -> subscription = watch).mapEmpty();
  }

  void stop() {
    if (subscription != null) {
      subscription.cancel();
    }
    gauge.close();
  }

  private void changed(WatchEvent event) {
    if (event.type() == WatchEvent.Type.BOOKMARK) {
      return;
    }
    boolean deleted = event.type() == WatchEvent.Type.DELETED;
    String key = event.object().namespace() + "/" + event.object().name();
    if (event.object() instanceof Device device) {
      if (deleted) {
        devices.remove(key);
        gauge.remove(device.namespace(), device.name());
      } else {
        devices.put(key, device);
        measure(device);
      }
    } else if (event.object() instanceof DeviceModel model) {
      if (deleted) {
        models.remove(key);
      } else {
        models.put(key, model);
      }
      devices.values().stream().filter(device -> device.namespace().equals(model.namespace())
          && model.name().equals(device.modelName())).forEach(this::measure);
    }
  }

  private void measure(Device device) {
    DeviceModel model = models.get(device.namespace() + "/" + device.modelName());
    List<PropertyGauge.Reading> readings = new ArrayList<>();
    for (Twin twin : device.status().twins()) {
      if (twin.propertyName() == null || twin.reported() == null || !twin.reported().isSet()) {
        continue;
      }
      Optional<ModelProperty> property = model == null ? Optional.empty() : model.property(twin.propertyName());
      String type = property.flatMap(ModelProperty::propertyType).map(t -> t.name().toLowerCase(Locale.ROOT))
          .orElse(twin.reported().metadata().get("type"));
      String unit = property.map(ModelProperty::unit).orElse("");
      readings.add(new PropertyGauge.Reading(twin.propertyName(), type, twin.reported().value(), unit));
    }
    gauge.put(device.namespace(), device.name(), device.nodeName(), readings);
  }
}
