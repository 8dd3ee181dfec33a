package io.vertedge.mappers.push.http;

import io.vertedge.mappers.push.PushMethod;
import io.vertedge.mappers.push.PushMethodFactory;
import io.vertx.core.Vertx;

/** Creates the {@code http} push method. */
public final class HttpPushFactory implements PushMethodFactory {

  @Override
  public String name() {
    return HttpPushMethod.NAME;
  }

  @Override
  public PushMethod create(Vertx vertx, String node, String version) {
    return new HttpPushMethod(vertx, node);
  }
}
