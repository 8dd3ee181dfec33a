package io.vertedge.runtime;

import io.vertx.core.Deployable;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.util.ArrayList;
import java.util.List;

/** The verticles one composition root deployed, undeployed in reverse order on stop. */
final class Deployments {

  private final Vertx vertx;
  private final List<String> ids = new ArrayList<>();

  Deployments(Vertx vertx) {
    this.vertx = vertx;
  }

  Future<Void> deploy(Deployable verticle) {
    return vertx.deployVerticle(verticle).onSuccess(ids::add).mapEmpty();
  }

  /** Deploys a verticle that binds {@code side.key}; "address in use" becomes the one-line config error. */
  Future<Void> deployBinding(Deployable verticle, String side, String key, int port) {
    return Bind.named(vertx.deployVerticle(verticle), side, key, port).onSuccess(ids::add).mapEmpty();
  }

  Future<Void> undeployAll() {
    List<Future<Void>> undeployed = new ArrayList<>();
    for (int i = ids.size() - 1; i >= 0; i--) {
      undeployed.add(vertx.undeploy(ids.get(i)));
    }
    ids.clear();
    return Future.join(undeployed).mapEmpty();
  }
}
