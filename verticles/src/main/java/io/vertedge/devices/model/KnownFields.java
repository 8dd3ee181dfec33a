package io.vertedge.devices.model;

import static io.vertedge.devices.model.Shape.BOOLEAN;
import static io.vertedge.devices.model.Shape.FREE_FORM;
import static io.vertedge.devices.model.Shape.INTEGER;
import static io.vertedge.devices.model.Shape.STRING;
import static io.vertedge.devices.model.Shape.known;
import static io.vertedge.devices.model.Shape.listOf;
import static io.vertedge.devices.model.Shape.mapOf;

/**
 * The fields each kind knows, from KubeEdge's Go types for {@code devices/v1beta1} at 1.23
 * (KUBEEDGE-COMPAT section 6) and Kubernetes' {@code ObjectMeta}. {@code Device.status} knows
 * both layouts (twins, state, lastOnlineTime of 1.22; reportToCloud, reportCycle of 1.23). Free-form:
 * {@code configData}, {@code protocolConfigData}, {@code pushMethod.anomalyDetection},
 * {@code DeviceStatus.status.extensions} and {@code managedFields[].fieldsV1}.
 */
final class KnownFields {

  private KnownFields() { }

  private static final Shape OWNER_REFERENCE = known("apiVersion", STRING, "kind", STRING, "name", STRING,
      "uid", STRING, "controller", BOOLEAN, "blockOwnerDeletion", BOOLEAN);

  private static final Shape MANAGED_FIELDS_ENTRY = known("manager", STRING, "operation", STRING,
      "apiVersion", STRING, "time", STRING, "fieldsType", STRING, "fieldsV1", FREE_FORM, "subresource", STRING);

  private static final Shape OBJECT_META = known("name", STRING, "generateName", STRING,
      "namespace", STRING, "selfLink", STRING, "uid", STRING, "resourceVersion", STRING,
      "generation", INTEGER, "creationTimestamp", STRING, "deletionTimestamp", STRING,
      "deletionGracePeriodSeconds", INTEGER, "labels", mapOf(STRING), "annotations", mapOf(STRING),
      "ownerReferences", listOf(OWNER_REFERENCE), "finalizers", listOf(STRING),
      "managedFields", listOf(MANAGED_FIELDS_ENTRY));

  private static final Shape TWIN_PROPERTY = known("value", STRING, "metadata", mapOf(STRING));

  private static final Shape VISITORS = known("protocolName", STRING, "configData", FREE_FORM);

  private static final Shape DB_METHOD = known(
      "influxdb2", known(
          "influxdb2ClientConfig", known("url", STRING, "org", STRING, "bucket", STRING),
          "influxdb2DataConfig", known("measurement", STRING, "tag", mapOf(STRING), "fieldKey", STRING)),
      "redis", known("redisClientConfig",
          known("addr", STRING, "db", INTEGER, "poolsize", INTEGER, "minIdleConns", INTEGER)),
      "TDEngine", known("TDEngineClientConfig", known("addr", STRING, "dbName", STRING)),
      "mysql", known("mysqlClientConfig", known("addr", STRING, "database", STRING, "userName", STRING)));

  private static final Shape PUSH_METHOD = known(
      // payload (kubeedge or json) is Vertedge's: which body the built-in mappers push
      "http", known("hostName", STRING, "port", INTEGER, "requestPath", STRING, "timeout", INTEGER, "payload", STRING),
      "mqtt", known("address", STRING, "topic", STRING, "qos", INTEGER, "retained", BOOLEAN, "payload", STRING),
      "otel", known("endpointURL", STRING),
      "dbMethod", DB_METHOD,
      "anomalyDetection", FREE_FORM);

  private static final Shape DEVICE_PROPERTY = known("name", STRING, "desired", TWIN_PROPERTY,
      "visitors", VISITORS, "reportCycle", INTEGER, "collectCycle", INTEGER,
      "reportToCloud", BOOLEAN, "pushMethod", PUSH_METHOD);

  private static final Shape TWIN = known("propertyName", STRING, "reported", TWIN_PROPERTY,
      "observedDesired", TWIN_PROPERTY);

  static final Shape DEVICE = known("apiVersion", STRING, "kind", STRING, "metadata", OBJECT_META,
      "spec", known(
          "deviceModelRef", known("name", STRING),
          "nodeName", STRING,
          "properties", listOf(DEVICE_PROPERTY),
          "protocol", known("protocolName", STRING, "configData", FREE_FORM),
          "methods", listOf(known("name", STRING, "description", STRING, "propertyNames", listOf(STRING))),
          "stateReport", known("reportToCloud", BOOLEAN, "reportCycle", INTEGER)),
      "status", known("twins", listOf(TWIN), "state", STRING, "lastOnlineTime", STRING,
          "reportToCloud", BOOLEAN, "reportCycle", INTEGER));

  static final Shape DEVICE_MODEL = known("apiVersion", STRING, "kind", STRING, "metadata", OBJECT_META,
      "spec", known(
          "properties", listOf(known("name", STRING, "description", STRING, "type", STRING,
              "accessMode", STRING, "minimum", STRING, "maximum", STRING, "unit", STRING,
              "visitors", VISITORS)),
          "protocol", STRING,
          "protocolConfigData", FREE_FORM));

  static final Shape DEVICE_STATUS = known("apiVersion", STRING, "kind", STRING, "metadata", OBJECT_META,
      "spec", known(),
      "status", known("twins", listOf(TWIN), "state", STRING, "lastOnlineTime", STRING,
          "extensions", FREE_FORM));

  static Shape of(ResourceKind kind) {
    return switch (kind) {
      case DEVICE -> DEVICE;
      case DEVICE_MODEL -> DEVICE_MODEL;
      case DEVICE_STATUS -> DEVICE_STATUS;
    };
  }
}
