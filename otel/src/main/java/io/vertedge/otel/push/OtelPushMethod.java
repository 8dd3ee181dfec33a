package io.vertedge.otel.push;

import io.opentelemetry.api.common.Attributes;
import io.vertedge.mappers.driver.InvalidFieldException;
import io.vertedge.mappers.push.PushMethod;
import io.vertedge.mappers.push.PushTarget;
import io.vertedge.otel.otlp.OtlpEndpoint;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code otel} push method of one mapper: {@code pushMethod.otel.endpointURL} per property,
 * one {@link EndpointPipeline} per distinct URL.
 */
final class OtelPushMethod implements PushMethod {

  private static final Set<String> FIELDS = Set.of("endpointURL");

  private final Vertx vertx;
  private final EndpointPipeline.Setup setup;
  private final Map<OtlpEndpoint, EndpointPipeline> pipelines = new HashMap<>();

  OtelPushMethod(Vertx vertx, EndpointPipeline.Setup setup) {
    this.vertx = vertx;
    this.setup = setup;
  }

  @Override
  public String name() {
    return OtelPushMethodFactory.NAME;
  }

  @Override
  public PushTarget target(String field, Map<String, Object> config) {
    Map<String, Object> fields = config == null ? Map.of() : config;
    for (String key : fields.keySet()) {
      if (!FIELDS.contains(key)) {
        throw new InvalidFieldException(field + "." + key, "is not an otel push field (only endpointURL)");
      }
    }
    Object url = fields.get("endpointURL");
    if (url != null && !(url instanceof String)) {
      throw new InvalidFieldException(field + ".endpointURL", "must be a string");
    }
    OtlpEndpoint endpoint = OtlpEndpoint.parse(field + ".endpointURL", (String) url);
    EndpointPipeline pipeline;
    synchronized (this) {
      pipeline = pipelines.computeIfAbsent(endpoint, e -> EndpointPipeline.open(vertx, e, setup));
      pipeline.retain();
    }
    return new OtelTarget(endpoint, pipeline, this);
  }

  /** A target leaves its pipeline; the last one closes it. */
  void released(OtlpEndpoint endpoint, EndpointPipeline pipeline, String property, PropertyGauge gauge,
                Attributes series) {
    synchronized (this) {
      if (!pipeline.release(property, gauge, series)) {
        return;
      }
      pipelines.remove(endpoint, pipeline);
    }
    pipeline.close(vertx);
  }

  Vertx vertx() {
    return vertx;
  }

  /** Open pipelines, one per endpoint in use. */
  synchronized int pipelines() {
    return pipelines.size();
  }

  /** Readings waiting for export over all endpoints: at most one per pushing property. */
  synchronized int pending() {
    return pipelines.values().stream().mapToInt(EndpointPipeline::pending).sum();
  }

  @Override
  public Future<Void> close() {
    List<EndpointPipeline> open;
    synchronized (this) {
      open = new ArrayList<>(pipelines.values());
      pipelines.clear();
    }
    return Future.join(open.stream().map(p -> p.close(vertx)).toList()).mapEmpty();
  }
}
