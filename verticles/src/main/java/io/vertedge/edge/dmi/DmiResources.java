package io.vertedge.edge.dmi;

import com.google.protobuf.Any;
import com.google.protobuf.BoolValue;
import com.google.protobuf.FloatValue;
import com.google.protobuf.StringValue;
import io.vertedge.dmi.v1beta1.CustomizedValue;
import io.vertedge.dmi.v1beta1.Device;
import io.vertedge.dmi.v1beta1.DeviceMethod;
import io.vertedge.dmi.v1beta1.DeviceModel;
import io.vertedge.dmi.v1beta1.DeviceModelSpec;
import io.vertedge.dmi.v1beta1.DeviceProperty;
import io.vertedge.dmi.v1beta1.DeviceSpec;
import io.vertedge.dmi.v1beta1.DeviceStatus;
import io.vertedge.dmi.v1beta1.ModelProperty;
import io.vertedge.dmi.v1beta1.ProtocolConfig;
import io.vertedge.dmi.v1beta1.TwinProperty;
import io.vertedge.dmi.v1beta1.VisitorConfig;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.Map;

/**
 * Device and DeviceModel resources (their JSON, as the cloud sent them) as DMI messages, the way
 * KubeEdge's {@code dtcommon.ConvertDevice}/{@code ConvertDeviceModel} do (KUBEEDGE-COMPAT §1.3):
 * {@code deviceModelRef.name} becomes {@code deviceModelReference}, {@code spec.stateReport}
 * becomes {@code status}, the model's {@code protocolConfigData} and property visitors are merged
 * under the device's (the device's values win), and {@code configData} values are wrapped in
 * {@code Any}: strings as StringValue, every number as FloatValue (Go reads JSON numbers as
 * float64), booleans as BoolValue. A nested object or array in {@code configData} is a
 * {@link IllegalArgumentException} naming the field, as it is a conversion error in KubeEdge.
 */
final class DmiResources {

  private DmiResources() { }

  static DeviceModel model(JsonObject model) {
    JsonObject metadata = object(model, "metadata");
    DeviceModelSpec.Builder spec = DeviceModelSpec.newBuilder();
    for (JsonObject property : objects(object(model, "spec"), "properties")) {
      spec.addProperties(ModelProperty.newBuilder()
          .setName(text(property, "name"))
          .setDescription(text(property, "description"))
          .setType(text(property, "type"))
          .setAccessMode(text(property, "accessMode"))
          .setMinimum(text(property, "minimum"))
          .setMaximum(text(property, "maximum"))
          .setUnit(text(property, "unit")));
    }
    return DeviceModel.newBuilder().setName(text(metadata, "name")).setNamespace(text(metadata, "namespace"))
        .setSpec(spec).build();
  }

  /** The device, with its model's defaults merged in ({@code model} may be null: none known). */
  static Device device(JsonObject device, JsonObject model) {
    JsonObject metadata = object(device, "metadata");
    JsonObject spec = object(device, "spec");
    JsonObject modelSpec = model == null ? new JsonObject() : object(model, "spec");
    String id = text(metadata, "namespace") + "/" + text(metadata, "name");
    JsonObject protocol = object(spec, "protocol");
    DeviceSpec.Builder out = DeviceSpec.newBuilder()
        .setDeviceModelReference(text(object(spec, "deviceModelRef"), "name"))
        .setProtocol(ProtocolConfig.newBuilder()
            .setProtocolName(text(protocol, "protocolName"))
            .setConfigData(values(id + ": spec.protocol.configData",
                merged(object(modelSpec, "protocolConfigData"), object(protocol, "configData")))));
    int index = 0;
    for (JsonObject property : objects(spec, "properties")) {
      out.addProperties(property(id + ": spec.properties[" + index++ + "]", property, modelProperty(modelSpec,
          text(property, "name"))));
    }
    for (JsonObject method : objects(spec, "methods")) {
      DeviceMethod.Builder builder = DeviceMethod.newBuilder().setName(text(method, "name"))
          .setDescription(text(method, "description"));
      JsonArray names = method.getValue("propertyNames") instanceof JsonArray array ? array : new JsonArray();
      names.forEach(name -> builder.addPropertyNames(String.valueOf(name)));
      out.addMethods(builder);
    }
    JsonObject stateReport = object(spec, "stateReport");
    return Device.newBuilder().setName(text(metadata, "name")).setNamespace(text(metadata, "namespace"))
        .setSpec(out)
        .setStatus(DeviceStatus.newBuilder()
            .setReportToCloud(Boolean.TRUE.equals(stateReport.getValue("reportToCloud")))
            .setReportCycle(number(stateReport, "reportCycle")))
        .build();
  }

  private static DeviceProperty property(String field, JsonObject property, JsonObject inModel) {
    JsonObject desired = object(property, "desired");
    JsonObject visitors = object(property, "visitors");
    JsonObject modelVisitors = object(inModel, "visitors");
    TwinProperty.Builder twin = TwinProperty.newBuilder().setValue(text(desired, "value"));
    object(desired, "metadata").forEach(entry -> twin.putMetadata(entry.getKey(), String.valueOf(entry.getValue())));
    String visitorProtocol = text(visitors, "protocolName");
    DeviceProperty.Builder out = DeviceProperty.newBuilder()
        .setName(text(property, "name"))
        .setDesired(twin)
        .setVisitors(VisitorConfig.newBuilder()
            .setProtocolName(visitorProtocol.isEmpty() ? text(modelVisitors, "protocolName") : visitorProtocol)
            .setConfigData(values(field + ".visitors.configData",
                merged(object(modelVisitors, "configData"), object(visitors, "configData")))))
        .setReportCycle(number(property, "reportCycle"))
        .setCollectCycle(number(property, "collectCycle"))
        .setReportToCloud(Boolean.TRUE.equals(property.getValue("reportToCloud")));
    JsonObject push = object(property, "pushMethod");
    if (!push.isEmpty()) {
      out.setPushMethod(DmiPushMethods.of(field + ".pushMethod", push));
    }
    return out.build();
  }

  private static JsonObject modelProperty(JsonObject modelSpec, String name) {
    return objects(modelSpec, "properties").stream().filter(p -> name.equals(p.getValue("name"))).findFirst()
        .orElse(new JsonObject());
  }

  private static JsonObject merged(JsonObject defaults, JsonObject own) {
    return defaults.copy().mergeIn(own);
  }

  static CustomizedValue values(String field, JsonObject data) {
    CustomizedValue.Builder out = CustomizedValue.newBuilder();
    for (Map.Entry<String, Object> entry : data) {
      out.putData(entry.getKey(), any(field + "." + entry.getKey(), entry.getValue()));
    }
    return out.build();
  }

  private static Any any(String field, Object value) {
    if (value instanceof String text) {
      return Any.pack(StringValue.of(text));
    }
    if (value instanceof Boolean bool) {
      return Any.pack(BoolValue.of(bool));
    }
    if (value instanceof Number number) {
      return Any.pack(FloatValue.of(number.floatValue()));
    }
    throw new IllegalArgumentException(field + ": " + (value == null ? "null" : "a nested object or array")
        + " cannot be passed to a DMI mapper (strings, numbers and booleans only)");
  }

  static JsonObject object(JsonObject parent, String key) {
    return parent != null && parent.getValue(key) instanceof JsonObject child ? child : new JsonObject();
  }

  static java.util.List<JsonObject> objects(JsonObject parent, String key) {
    if (!(parent.getValue(key) instanceof JsonArray array)) {
      return java.util.List.of();
    }
    return array.stream().filter(JsonObject.class::isInstance).map(JsonObject.class::cast).toList();
  }

  static String text(JsonObject parent, String key) {
    Object value = parent.getValue(key);
    return value == null ? "" : String.valueOf(value);
  }

  static long number(JsonObject parent, String key) {
    return parent.getValue(key) instanceof Number number ? number.longValue() : 0L;
  }
}
