package io.vertedge.cloud.api;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.vertedge.api.ApiException;
import io.vertedge.cloud.nodes.NodeDirectory;
import io.vertedge.link.calls.ServiceBusProtocol;
import io.vertedge.link.proto.Envelope;
import io.vertedge.link.proto.HttpHeader;
import io.vertedge.link.proto.HttpRequest;
import io.vertedge.link.proto.HttpResponse;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

import java.time.Duration;
import java.util.Map;

/**
 * {@code ANY /api/v1/nodes/{name}/services/{port}/{path...}}: the cloud's half of the
 * ServiceBus. The request goes through the node's link to {@code 127.0.0.1:{port}} on the edge,
 * which allows only the ports of its {@code serviceBus.allowedPorts}; the app's answer comes
 * back as it was, or a {@code Status}: 403 port not allowed, 502 app unreachable, 504 no answer.
 */
final class ServiceBusRoutes {

  /** Longer than the edge's own default wait for its app (30 s), so the edge's 504 says more. */
  static final Duration CALL_TIMEOUT = Duration.ofSeconds(60);
  static final long MAX_REQUEST_BODY = 8L << 20;

  private final NodeDirectory nodes;

  ServiceBusRoutes(NodeDirectory nodes) {
    this.nodes = nodes;
  }

  void mount(Router router) {
    String path = "/api/v1/nodes/:name/services/:port/*";
    router.route(path).handler(BodyHandler.create(false).setBodyLimit(MAX_REQUEST_BODY));
    router.route(path).handler(this::forward);
  }

  private void forward(RoutingContext ctx) {
    String node = ctx.pathParam("name");
    int port = port(ctx.pathParam("port"));
    HttpServerRequest incoming = ctx.request();
    String prefix = "/api/v1/nodes/" + node + "/services/" + ctx.pathParam("port");
    String rest = incoming.path().substring(Math.min(prefix.length(), incoming.path().length()));
    String uri = (rest.isEmpty() ? "/" : rest) + (incoming.query() == null ? "" : "?" + incoming.query());
    HttpRequest.Builder request = HttpRequest.newBuilder().setPort(port).setMethod(incoming.method().name())
        .setUri(uri);
    for (Map.Entry<String, String> header : incoming.headers()) {
      if (ServiceBusProtocol.forwarded(header.getKey())) {
        request.addHeaders(HttpHeader.newBuilder().setName(header.getKey()).setValue(header.getValue()));
      }
    }
    Buffer body = ctx.body().buffer();
    if (body != null) {
      request.setBody(ByteString.copyFrom(body.getBytes()));
    }
    nodes.call(node, ServiceBusProtocol.request(node, request.build()), CALL_TIMEOUT)
        .compose(ServiceBusRoutes::response)
        .onSuccess(answer -> reply(ctx.response(), answer))
        .onFailure(ctx::fail);
  }

  private static int port(String text) {
    try {
      int port = Integer.parseInt(text);
      if (port > 0 && port <= 65535) {
        return port;
      }
    } catch (NumberFormatException e) {
      // the one message below
    }
    throw ApiException.badRequest("\"" + text + "\" is not a port (1-65535)");
  }

  private static Future<HttpResponse> response(Envelope answer) {
    HttpResponse response;
    try {
      response = HttpResponse.parseFrom(answer.getContent());
    } catch (InvalidProtocolBufferException e) {
      return Future.failedFuture(new ApiException(502, "BadGateway", "malformed ServiceBus answer from node "
          + answer.getNode() + ": " + e.getMessage()));
    }
    if (!response.getError().isEmpty()) {
      return Future.failedFuture(switch (response.getStatus()) {
        case 403 -> ApiException.forbidden(response.getError());
        case 504 -> ApiException.timeout(response.getError());
        case 400 -> ApiException.badRequest(response.getError());
        default -> new ApiException(502, "BadGateway", response.getError());
      });
    }
    return Future.succeededFuture(response);
  }

  private static void reply(HttpServerResponse out, HttpResponse response) {
    out.setStatusCode(response.getStatus());
    for (HttpHeader header : response.getHeadersList()) {
      out.headers().add(header.getName(), header.getValue());
    }
    out.end(Buffer.buffer(response.getBody().toByteArray()));
  }
}
