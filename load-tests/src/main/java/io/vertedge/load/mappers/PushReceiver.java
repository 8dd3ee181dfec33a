package io.vertedge.load.mappers;

import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Takes the edge's pushes: an HTTP server (the properties' {@code pushMethod.http}) and an MQTT
 * subscriber on the edge's broker ({@code pushMethod.mqtt}). Each push counts, and its latency
 * is now minus the reading's time in the payload: JSON payloads' {@code timestamp} (epoch ms or
 * an ISO instant), or KubeEdge's text payloads' {@code time}, which has whole seconds only.
 */
final class PushReceiver implements AutoCloseable {

  static final String TOPIC_PREFIX = "vertedge/load/";
  private static final DateTimeFormatter KUBEEDGE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
  private static final Pattern FORM_TIME = Pattern.compile("(?:^|&)time=([^&]*)");
  private static final Pattern TEXT_TIME = Pattern.compile("^time is (\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d)");

  final AtomicLong http = new AtomicLong();
  final AtomicLong mqtt = new AtomicLong();
  final AtomicLong undated = new AtomicLong();
  private final Vertx vertx;
  private final long[] latencies = new long[4_000_000];
  private final AtomicLong recorded = new AtomicLong();
  private volatile boolean recording;
  private HttpServer server;
  private MqttClient client;

  PushReceiver(Vertx vertx) {
    this.vertx = vertx;
  }

  /** Starts the HTTP receiver on 127.0.0.1 and a free port; returns the port. */
  int listen() {
    server = vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
      http.incrementAndGet();
      record(readingTime(body.toString(StandardCharsets.UTF_8)));
      request.response().setStatusCode(200).end();
    })).listen(0, "127.0.0.1").await();
    return server.actualPort();
  }

  /** Subscribes to {@value #TOPIC_PREFIX}# on the edge's broker, e.g. {@code tcp://127.0.0.1:1883}. */
  void subscribe(String brokerUrl) {
    URI broker = URI.create(brokerUrl);
    client = MqttClient.create(vertx, new MqttClientOptions().setClientId("load-receiver").setMaxInflightQueue(65_535)
        .setMaxMessageSize(1 << 20));
    client.publishHandler(message -> {
      mqtt.incrementAndGet();
      record(readingTime(message.payload().toString(StandardCharsets.UTF_8)));
    });
    client.connect(broker.getPort(), broker.getHost())
        .compose(ack -> client.subscribe(TOPIC_PREFIX + "#", MqttQoS.AT_MOST_ONCE.value())).await();
  }

  /** From now on latencies are kept (the warm-up's are not). */
  void startRecording() {
    recording = true;
  }

  /** Latency quantiles in ms of what was recorded, e.g. {@code p50 12 p99 950}. */
  String quantiles() {
    int n = (int) Math.min(recorded.get(), latencies.length);
    if (n == 0) {
      return "no dated pushes";
    }
    long[] sorted = Arrays.copyOf(latencies, n);
    Arrays.sort(sorted);
    return String.format(java.util.Locale.ROOT, "p50 %d  p90 %d  p99 %d  max %d ms (%,d pushes)", at(sorted, 0.50),
        at(sorted, 0.90), at(sorted, 0.99), sorted[n - 1], n);
  }

  private static long at(long[] sorted, double quantile) {
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(quantile * sorted.length) - 1)];
  }

  private void record(long readAtMillis) {
    if (readAtMillis < 0) {
      undated.incrementAndGet();
    } else if (recording) {
      long slot = recorded.getAndIncrement();
      if (slot < latencies.length) {
        latencies[(int) slot] = Math.max(0, System.currentTimeMillis() - readAtMillis);
      }
    }
  }

  /** The reading's time in epoch ms, or -1 when the payload has none we know. */
  static long readingTime(String payload) {
    try {
      if (payload.startsWith("{")) {
        Object timestamp = new JsonObject(payload).getValue("timestamp");
        if (timestamp instanceof Number number) {
          return number.longValue();
        }
        return timestamp instanceof String text ? Instant.parse(text).toEpochMilli() : -1;
      }
      Matcher text = TEXT_TIME.matcher(payload);
      if (text.find()) {
        return local(text.group(1));
      }
      Matcher form = FORM_TIME.matcher(payload);
      return form.find() ? local(URLDecoder.decode(form.group(1), StandardCharsets.UTF_8)) : -1;
    } catch (RuntimeException e) {
      return -1;
    }
  }

  /** KubeEdge's {@code YYYY-MM-DD HH:MM:SS}, local time: the end of that second, so latency is not overstated. */
  private static long local(String time) {
    return LocalDateTime.parse(time, KUBEEDGE_TIME).atZone(ZoneId.systemDefault()).toInstant().toEpochMilli() + 999;
  }

  @Override
  public void close() {
    Future<Void> closed = client == null ? Future.succeededFuture() : client.disconnect();
    closed.eventually(() -> server == null ? Future.succeededFuture() : server.close()).await();
  }
}
