package io.vertedge.edge.dmi;

import io.vertedge.dmi.v1beta1.AnomalyDetection;
import io.vertedge.dmi.v1beta1.DBMethod;
import io.vertedge.dmi.v1beta1.DBMethodInfluxdb2;
import io.vertedge.dmi.v1beta1.DBMethodMySQL;
import io.vertedge.dmi.v1beta1.DBMethodRedis;
import io.vertedge.dmi.v1beta1.DBMethodTDEngine;
import io.vertedge.dmi.v1beta1.Influxdb2ClientConfig;
import io.vertedge.dmi.v1beta1.Influxdb2DataConfig;
import io.vertedge.dmi.v1beta1.MySQLClientConfig;
import io.vertedge.dmi.v1beta1.PushMethod;
import io.vertedge.dmi.v1beta1.PushMethodHTTP;
import io.vertedge.dmi.v1beta1.PushMethodMQTT;
import io.vertedge.dmi.v1beta1.PushMethodOTEL;
import io.vertedge.dmi.v1beta1.RedisClientConfig;
import io.vertedge.dmi.v1beta1.TDEngineClientConfig;
import io.vertx.core.json.JsonObject;

import java.util.Locale;
import java.util.Map;

/**
 * A property's {@code pushMethod} as the DMI message. KubeEdge converts through Go's
 * {@code encoding/json}, which matches keys case-insensitively ({@code hostName} → {@code
 * hostname}, {@code TDEngine} → {@code tdengine}, {@code dbName} → {@code dbname}); so do we.
 */
final class DmiPushMethods {

  private DmiPushMethods() { }

  static PushMethod of(String field, JsonObject push) {
    PushMethod.Builder out = PushMethod.newBuilder();
    JsonObject http = child(push, "http");
    if (http != null) {
      out.setHttp(PushMethodHTTP.newBuilder().setHostname(text(http, "hostname")).setPort(number(http, "port"))
          .setRequestpath(text(http, "requestpath")).setTimeout(number(http, "timeout")));
    }
    JsonObject mqtt = child(push, "mqtt");
    if (mqtt != null) {
      out.setMqtt(PushMethodMQTT.newBuilder().setAddress(text(mqtt, "address")).setTopic(text(mqtt, "topic"))
          .setQos((int) number(mqtt, "qos")).setRetained(Boolean.TRUE.equals(value(mqtt, "retained"))));
    }
    JsonObject otel = child(push, "otel");
    if (otel != null) {
      out.setOtel(PushMethodOTEL.newBuilder().setEndpointURL(text(otel, "endpointurl")));
    }
    JsonObject db = child(push, "dbmethod");
    if (db != null) {
      out.setDbMethod(db(db));
    }
    JsonObject anomaly = child(push, "anomalydetection");
    if (anomaly != null) {
      out.setAnomalyDetection(AnomalyDetection.newBuilder()
          .putAllData(DmiResources.values(field + ".anomalyDetection", anomaly).getDataMap()));
    }
    return out.build();
  }

  private static DBMethod db(JsonObject db) {
    DBMethod.Builder out = DBMethod.newBuilder();
    JsonObject influx = child(db, "influxdb2");
    if (influx != null) {
      JsonObject client = orEmpty(child(influx, "influxdb2clientconfig"));
      JsonObject data = orEmpty(child(influx, "influxdb2dataconfig"));
      Influxdb2DataConfig.Builder dataConfig = Influxdb2DataConfig.newBuilder()
          .setMeasurement(text(data, "measurement")).setFieldKey(text(data, "fieldkey"));
      orEmpty(child(data, "tag")).forEach(tag -> dataConfig.putTag(tag.getKey(), String.valueOf(tag.getValue())));
      out.setInfluxdb2(DBMethodInfluxdb2.newBuilder()
          .setInfluxdb2ClientConfig(Influxdb2ClientConfig.newBuilder().setUrl(text(client, "url"))
              .setOrg(text(client, "org")).setBucket(text(client, "bucket")))
          .setInfluxdb2DataConfig(dataConfig));
    }
    JsonObject redis = child(db, "redis");
    if (redis != null) {
      JsonObject client = orEmpty(child(redis, "redisclientconfig"));
      out.setRedis(DBMethodRedis.newBuilder().setRedisClientConfig(RedisClientConfig.newBuilder()
          .setAddr(text(client, "addr")).setDb((int) number(client, "db")).setPoolsize((int) number(client, "poolsize"))
          .setMinIdleConns((int) number(client, "minidleconns"))));
    }
    JsonObject tdengine = child(db, "tdengine");
    if (tdengine != null) {
      JsonObject client = orEmpty(child(tdengine, "tdengineclientconfig"));
      out.setTdengine(DBMethodTDEngine.newBuilder().setTdEngineClientConfig(TDEngineClientConfig.newBuilder()
          .setAddr(text(client, "addr")).setDbname(text(client, "dbname"))));
    }
    JsonObject mysql = child(db, "mysql");
    if (mysql != null) {
      JsonObject client = orEmpty(child(mysql, "mysqlclientconfig"));
      out.setMysql(DBMethodMySQL.newBuilder().setMysqlClientConfig(MySQLClientConfig.newBuilder()
          .setAddr(text(client, "addr")).setDatabase(text(client, "database")).setUserName(text(client, "username"))));
    }
    return out.build();
  }

  /** The value under {@code lowerKey}, matching keys case-insensitively as Go's encoding/json does. */
  private static Object value(JsonObject parent, String lowerKey) {
    for (Map.Entry<String, Object> entry : parent) {
      if (entry.getKey().toLowerCase(Locale.ROOT).equals(lowerKey)) {
        return entry.getValue();
      }
    }
    return null;
  }

  private static JsonObject child(JsonObject parent, String lowerKey) {
    return value(parent, lowerKey) instanceof JsonObject child ? child : null;
  }

  private static JsonObject orEmpty(JsonObject object) {
    return object == null ? new JsonObject() : object;
  }

  private static String text(JsonObject parent, String lowerKey) {
    Object value = value(parent, lowerKey);
    return value == null ? "" : String.valueOf(value);
  }

  private static long number(JsonObject parent, String lowerKey) {
    return value(parent, lowerKey) instanceof Number number ? number.longValue() : 0L;
  }
}
