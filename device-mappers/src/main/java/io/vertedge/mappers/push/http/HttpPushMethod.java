package io.vertedge.mappers.push.http;

import io.vertedge.mappers.push.PushConfig;
import io.vertedge.mappers.push.PushMethod;
import io.vertedge.mappers.push.PushTarget;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code pushMethod.http} (KUBEEDGE-COMPAT §7.2): each reading POSTed to
 * {@code hostName + ":" + port + requestPath}. One pooled client (kept-alive connections) serves
 * every target of the mapper.
 */
public final class HttpPushMethod implements PushMethod {

  public static final String NAME = "http";
  private static final Logger OUTAGE_LOG = LoggerFactory.getLogger(HttpTarget.class);
  /** Connections kept per receiver: readings of many properties to one receiver go in parallel. */
  private static final int POOL_SIZE = 32;

  private final Vertx vertx;
  private final String node;
  private final HttpClient client;
  /** By receiver URL; as many as the devices name, each small. */
  private final Map<String, ReceiverOutage> outages = new ConcurrentHashMap<>();

  public HttpPushMethod(Vertx vertx, String node) {
    this.vertx = vertx;
    this.node = node;
    this.client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setVerifyHost(true), new PoolOptions().setHttp1MaxSize(POOL_SIZE));
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public PushTarget target(String field, Map<String, Object> config) {
    HttpTargetConfig target = HttpTargetConfig.of(node, new PushConfig(field, config));
    ReceiverOutage outage = outages.computeIfAbsent(target.url(), url -> new ReceiverOutage(OUTAGE_LOG, url));
    return new HttpTarget(vertx, client, target, field, outage);
  }

  @Override
  public Future<Void> close() {
    return client.close();
  }
}
