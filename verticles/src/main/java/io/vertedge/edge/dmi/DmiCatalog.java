package io.vertedge.edge.dmi;

import io.vertedge.delivery.StateSource;
import io.vertedge.dmi.v1beta1.MapperRegisterResponse;
import io.vertedge.link.proto.Envelope;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a registering mapper is handed: the devices of this node whose
 * {@code spec.protocol.protocolName} is the mapper's protocol, from the cloud state the edge holds
 * (keys {@code device/<ns>/<name>}, {@code devicemodel/<ns>/<name>}), with their models. Unlike
 * KubeEdge, which repeats a model once per device, each model is listed once. A device that cannot
 * be converted (a nested value in {@code configData}) is left out and logged.
 */
final class DmiCatalog {

  private static final Logger log = LoggerFactory.getLogger(DmiCatalog.class);
  private static final String DEVICE = "device/";
  private static final String MODEL = "devicemodel/";

  private DmiCatalog() { }

  static MapperRegisterResponse forProtocol(String node, String protocol, List<Envelope> cloudState) {
    Map<String, JsonObject> models = new LinkedHashMap<>();
    Map<String, JsonObject> devices = new LinkedHashMap<>();
    for (Envelope envelope : cloudState) {
      String key = envelope.getRoute().getResource();
      if (StateSource.DELETE.equals(envelope.getRoute().getOperation())) {
        continue;
      }
      if (key.startsWith(MODEL)) {
        json(node, key, envelope).ifPresent(json -> models.put(key.substring(MODEL.length()), json));
      } else if (key.startsWith(DEVICE)) {
        json(node, key, envelope).ifPresent(json -> devices.put(key.substring(DEVICE.length()), json));
      }
    }
    MapperRegisterResponse.Builder response = MapperRegisterResponse.newBuilder();
    Map<String, Boolean> listed = new LinkedHashMap<>();
    devices.forEach((id, device) -> {
      JsonObject spec = DmiResources.object(device, "spec");
      if (!node.equals(spec.getValue("nodeName"))
          || !protocol.equals(DmiResources.object(spec, "protocol").getValue("protocolName"))) {
        return;
      }
      String namespace = id.substring(0, id.indexOf('/'));
      String modelId = namespace + "/" + DmiResources.text(DmiResources.object(spec, "deviceModelRef"), "name");
      JsonObject model = models.get(modelId);
      try {
        response.addDeviceList(DmiResources.device(device, model));
        if (model != null && listed.putIfAbsent(modelId, true) == null) {
          response.addModelList(DmiResources.model(model));
        }
      } catch (IllegalArgumentException e) {
        log.warn("[node: {}, device: {}] not handed to the {} mapper: {}", node, id, protocol, e.getMessage());
      }
    });
    return response.build();
  }

  private static java.util.Optional<JsonObject> json(String node, String key, Envelope envelope) {
    try {
      return java.util.Optional.of(new JsonObject(envelope.getContent().toString(StandardCharsets.UTF_8)));
    } catch (DecodeException e) {
      log.warn("[node: {}] {} is not JSON, left out of DMI registrations: {}", node, key, e.getMessage());
      return java.util.Optional.empty();
    }
  }
}
