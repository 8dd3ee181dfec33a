package io.vertedge.mappers.push.http;

import io.vertedge.mappers.push.PushConfig;
import io.vertedge.mappers.push.PushMethod;
import io.vertedge.mappers.push.PushTarget;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;

import java.util.Map;

/**
 * {@code pushMethod.http} (KUBEEDGE-COMPAT §7.2): each reading POSTed to
 * {@code hostName + ":" + port + requestPath}. One pooled client (kept-alive connections) serves
 * every target of the mapper.
 */
public final class HttpPushMethod implements PushMethod {

  public static final String NAME = "http";
  /** Connections kept per receiver: readings of many properties to one receiver go in parallel. */
  private static final int POOL_SIZE = 8;

  private final Vertx vertx;
  private final String node;
  private final HttpClient client;

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
    return new HttpTarget(vertx, client, HttpTargetConfig.of(node, new PushConfig(field, config)), field);
  }

  @Override
  public Future<Void> close() {
    return client.close();
  }
}
