package io.vertedge.edge.hub;

import io.vertedge.link.Backoff;
import io.vertedge.link.Link;
import io.vertedge.link.LinkEndpoints;
import io.vertedge.link.LinkKeeper;
import io.vertedge.link.LinkProvider;
import io.vertedge.link.LinkTls;
import io.vertedge.link.proto.Envelope;
import io.vertedge.link.sync.SyncSession;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;

import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Keeps the edge's link to the cloud: dials through the {@link LinkProvider} (the transport is
 * its business), reconnects with backoff, runs the reliable channels over each new link, and
 * hands what else arrives to {@code downstream}.
 */
public final class EdgeHub extends VerticleBase {

  /** What the hub needs; {@code endpoints} asks the cloud (or its cache) where the link listens. */
  public record Deps(String nodeName, LinkProvider provider, Supplier<Future<LinkEndpoints>> endpoints,
                     Function<Context, SyncSession> sync, BiConsumer<Link, Envelope> downstream) { }

  private final Deps deps;
  private volatile LinkKeeper keeper;

  public EdgeHub(Deps deps) {
    this.deps = deps;
  }

  @Override
  public Future<?> start() {
    keeper = new LinkKeeper(vertx, deps.provider(), deps.endpoints(), deps.nodeName(), Backoff.forReconnect());
    SyncSession sync = deps.sync().apply(context);
    // the keeper owns the link's close handler: it redials from there
    keeper.linkHandler(link -> sync.bind(link, envelope -> deps.downstream().accept(link, envelope)));
    keeper.start();
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    return keeper.stop("edge shutting down").compose(v -> deps.provider().close());
  }

  /** The link if it is up; safe to read from any thread. */
  public Optional<Link> link() {
    return keeper == null ? Optional.empty() : keeper.current();
  }

  /** Uses a renewed certificate: new TLS material for the provider, then a fresh link. */
  public void certificateRenewed(LinkTls tls) {
    context.runOnContext(v -> {
      deps.provider().updateTls(tls);
      keeper.reconnect("certificate renewed");
    });
  }
}
