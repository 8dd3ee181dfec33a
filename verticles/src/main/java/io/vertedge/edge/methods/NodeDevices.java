package io.vertedge.edge.methods;

import io.vertedge.api.ApiException;
import io.vertedge.delivery.EdgeDelivery;
import io.vertedge.devices.model.Device;
import io.vertedge.devices.model.DeviceDocuments;
import io.vertedge.devices.model.DeviceModel;
import io.vertedge.link.proto.Envelope;
import io.vertx.core.Future;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * This node's devices and their models as the edge holds them ({@link EdgeDelivery#cloudState()}),
 * so methods and the mapper routes work while the cloud is away. Failures are {@link ApiException}s.
 */
final class NodeDevices {

  /** A device of this node and its model. */
  record Found(Device device, DeviceModel model) {
    String id() {
      return device.namespace() + "/" + device.name();
    }
  }

  /** In the 404 of a device this node does not hold (yet: a node that just connected may not have its state). */
  static final String NOT_ON_NODE = " is not on node ";

  private final String node;
  private final Supplier<EdgeDelivery> delivery;

  NodeDevices(String node, Supplier<EdgeDelivery> delivery) {
    this.node = node;
    this.delivery = delivery;
  }

  String node() {
    return node;
  }

  /** Device {@code <ns>/<name>} of this node with its model: 404 when this node has no such device, 503 without its model. */
  Future<Found> find(String namespace, String name) {
    return state().map(state -> {
      Device device = device(state, namespace, name).orElseThrow(() -> ApiException.notFound("device " + namespace
          + "/" + name + NOT_ON_NODE + node));
      DeviceModel model = model(state, namespace, device.modelName()).orElseThrow(() -> ApiException.unavailable(
          "device model " + namespace + "/" + device.modelName() + " of device " + namespace + "/" + name
              + " is not on node " + node + " (yet)"));
      return new Found(device, model);
    });
  }

  /**
   * The model of device {@code <ns>/<name>} (as KubeEdge's mapper answers {@code meta/model}), or,
   * when this node has no such device, the model named so; 404 when neither is here.
   */
  Future<DeviceModel> modelOf(String namespace, String name) {
    return state().map(state -> device(state, namespace, name)
        .flatMap(device -> model(state, namespace, device.modelName()))
        .or(() -> model(state, namespace, name))
        .orElseThrow(() -> ApiException.notFound("neither a device nor a device model " + namespace + "/" + name
            + " is on node " + node)));
  }

  private Future<List<Envelope>> state() {
    EdgeDelivery opened = delivery.get();
    return opened == null ? Future.failedFuture(ApiException.unavailable("the edge's store is not open yet"))
        : opened.cloudState();
  }

  private Optional<Device> device(List<Envelope> state, String namespace, String name) {
    return read(state, "device/" + namespace + "/" + name, Device.class)
        .filter(device -> node.equals(device.nodeName()));
  }

  private static Optional<DeviceModel> model(List<Envelope> state, String namespace, String name) {
    return read(state, "devicemodel/" + namespace + "/" + name, DeviceModel.class);
  }

  private static <R extends io.vertedge.devices.model.Resource> Optional<R> read(List<Envelope> state, String key,
                                                                               Class<R> kind) {
    return state.stream().filter(envelope -> key.equals(envelope.getRoute().getResource())).findFirst()
        .flatMap(envelope -> {
          try {
            return Optional.of(DeviceDocuments.requireKind(DeviceDocuments.readJson(
                envelope.getContent().toString(StandardCharsets.UTF_8)), kind));
          } catch (RuntimeException e) {
            return Optional.empty(); // unreadable cloud state: BuiltInMappers and the twin log it
          }
        });
  }
}
