package io.vertedge.cloud.twins;

import io.opentelemetry.api.metrics.Meter;
import io.vertedge.cloud.devices.DesiredTraces;
import io.vertedge.cloud.devices.DeviceRegistry;
import io.vertedge.delivery.CloudDelivery;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Supplier;

/**
 * The cloud's side of device twins: the versions of desired values and the twin routes, and
 * the reports edges send up, written into both status layouts. At start it first writes again
 * what every joined node's reports held (durable in {@link CloudDelivery#reported}), so that a
 * stop between a report being stored and its status being written loses nothing; then it takes
 * each new batch as it is stored. Deploy after the {@link DeviceRegistry}, before the link hub.
 */
public final class TwinService extends VerticleBase {

  private static final Logger log = LoggerFactory.getLogger(TwinService.class);

  private final DeviceRegistry registry;
  private final CloudDelivery delivery;
  private final Supplier<Collection<String>> joinedNodes;
  private final Meter meter;
  private final DesiredVersions versions;
  private final TwinRoutes routes;
  private final ReportedValues reportedValues;
  private TwinReports reports;
  private volatile boolean stopped;

  public TwinService(DeviceRegistry registry, CloudDelivery delivery, Supplier<Collection<String>> joinedNodes,
                     Meter meter, DesiredTraces traces) {
    this.registry = registry;
    this.delivery = delivery;
    this.joinedNodes = joinedNodes;
    this.meter = meter;
    this.versions = new DesiredVersions(registry, delivery.state(), delivery.stateLog());
    this.routes = new TwinRoutes(registry, versions, traces, meter);
    this.reportedValues = new ReportedValues(registry, meter);
  }

  /** The twin routes, to mount on the cloud API. */
  public TwinRoutes routes() {
    return routes;
  }

  @Override
  public Future<?> start() {
    reports = new TwinReports(registry, context, meter);
    return versions.start(vertx)
        .compose(v -> reportedValues.start())
        .compose(v -> reapply())
        .onSuccess(v -> delivery.reportedHandler((node, batch) -> {
          if (!stopped) {
            context.runOnContext(x -> reports.apply(node, batch));
          }
        }));
  }

  @Override
  public Future<?> stop() {
    stopped = true;
    versions.stop();
    reportedValues.stop();
    return reports.drained();
  }

  private Future<Void> reapply() {
    List<Future<Void>> nodes = new ArrayList<>();
    for (String node : joinedNodes.get()) {
      nodes.add(delivery.reported(node)
          .compose(stored -> stored.isEmpty() ? Future.<Void>succeededFuture() : reports.apply(node, stored))
          .onFailure(e -> log.error("[node: {}] cannot read what the node reported; its device status stays as it was "
              + "until it reports again", node, e)));
    }
    return Future.join(nodes).<Void>mapEmpty().otherwiseEmpty();
  }
}
