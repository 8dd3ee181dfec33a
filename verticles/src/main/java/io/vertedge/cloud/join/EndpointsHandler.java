package io.vertedge.cloud.join;

import io.vertedge.api.ApiException;
import io.vertedge.api.JsonReplies;
import io.vertedge.cloud.nodes.NodeRegistry;
import io.vertedge.pki.CertificateAuthority;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.HostAndPort;
import io.vertx.ext.web.RoutingContext;

import java.util.function.Supplier;

/**
 * {@code GET /v1/endpoints}: where the link listens, for a joined node or a token holder. The
 * host is {@code link.advertiseHost} when set, else the host the edge used to reach this port,
 * which is what works through NAT and in port-0 tests.
 */
final class EndpointsHandler implements Handler<RoutingContext> {

  private final CertificateAuthority ca;
  private final NodeRegistry nodes;
  private final String advertiseHost;
  private final Supplier<LinkPorts> endpoints;

  EndpointsHandler(CertificateAuthority ca, NodeRegistry nodes, String advertiseHost, Supplier<LinkPorts> endpoints) {
    this.ca = ca;
    this.nodes = nodes;
    this.advertiseHost = advertiseHost;
    this.endpoints = endpoints;
  }

  @Override
  public void handle(RoutingContext ctx) {
    try {
      JoinCaller.authenticate(ctx.request(), ca, nodes);
    } catch (ApiException e) {
      JsonReplies.status(ctx, e);
      return;
    }
    LinkPorts ports = endpoints.get();
    if (ports == null) {
      JsonReplies.status(ctx, ApiException.unavailable("the link is not listening yet"));
      return;
    }
    String host = bracketed(advertiseHost != null && !advertiseHost.isBlank() ? advertiseHost : requestHost(ctx));
    JsonObject body = new JsonObject()
        .put("websocket", "wss://" + host + ":" + ports.websocketPort() + "/v1/link");
    if (ports.quicPort() > 0) {
      // no QUIC listener (yet), no quic entry: an edge in auto mode then goes straight to WebSocket
      body.put("quic", host + ":" + ports.quicPort());
    }
    ctx.response().putHeader("Content-Type", "application/json").end(body.encode());
  }

  private static String requestHost(RoutingContext ctx) {
    HostAndPort authority = ctx.request().authority();
    return authority != null ? authority.host() : ctx.request().localAddress().host();
  }

  /** IPv6 literals need brackets before a port. */
  private static String bracketed(String host) {
    return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
  }
}
