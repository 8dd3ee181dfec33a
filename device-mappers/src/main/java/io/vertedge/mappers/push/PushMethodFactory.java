package io.vertedge.mappers.push;

import io.vertx.core.Vertx;

/** Creates a mapper's {@link PushMethod} of one kind; the edge keeps one per kind. */
public interface PushMethodFactory {

  /** The key under {@code pushMethod} this factory serves. */
  String name();

  /** The push method for a mapper on {@code node}, running {@code version} of Vertedge (OpenTelemetry resources name both). */
  PushMethod create(Vertx vertx, String node, String version);
}
