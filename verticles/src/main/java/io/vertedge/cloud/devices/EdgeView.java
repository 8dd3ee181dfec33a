package io.vertedge.cloud.devices;

import com.google.protobuf.ByteString;
import io.vertedge.devices.model.Device;
import io.vertedge.devices.model.Resource;
import io.vertedge.link.proto.Channel;
import io.vertedge.link.proto.Envelope;
import io.vertedge.link.proto.Route;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * What a node gets of a device or a model: the object's JSON without what changes without
 * concerning the edge ({@code metadata.resourceVersion}, {@code managedFields}) and without the
 * status the edge itself reports ({@code status.twins}, {@code state}, {@code lastOnlineTime}),
 * so a reported status or a registry version does not send the object down again. The envelope
 * says the version it was taken at. Keys: {@code device/<ns>/<name>}, {@code devicemodel/<ns>/<name>}.
 */
final class EdgeView {

  static final String SOURCE = "devicecontroller";
  static final String GROUP = "resource";
  static final String UPDATE = "update";

  private EdgeView() { }

  static String key(ObjectKey key) {
    String type = switch (key.kind()) {
      case DEVICE -> "device";
      case DEVICE_MODEL -> "devicemodel";
      case DEVICE_STATUS -> "devicestatus";
    };
    return type + "/" + key.namespace() + "/" + key.name();
  }

  /** The content a node gets for the object. */
  static ByteString content(Resource resource) {
    Resource view = resource
        .with(List.of("metadata", "resourceVersion"), null)
        .with(List.of("metadata", "managedFields"), null);
    if (view instanceof Device && view.get("status") instanceof Map<?, ?>) {
      for (String reported : List.of("twins", "state", "lastOnlineTime")) {
        view = view.with(List.of("status", reported), null);
      }
      if (view.get("status") instanceof Map<?, ?> status && status.isEmpty()) {
        view = view.with(List.of("status"), null);
      }
    }
    return ByteString.copyFrom(view.toJson(), StandardCharsets.UTF_8);
  }

  static Envelope envelope(String key, ByteString content, String resourceVersion) {
    return Envelope.newBuilder()
        .setChannel(Channel.RESOURCES)
        .setRoute(Route.newBuilder().setSource(SOURCE).setGroup(GROUP).setOperation(UPDATE).setResource(key))
        .setResourceVersion(resourceVersion == null ? "" : resourceVersion)
        .setContent(content)
        .build();
  }
}
