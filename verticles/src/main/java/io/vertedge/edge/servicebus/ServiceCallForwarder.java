package io.vertedge.edge.servicebus;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.vertedge.config.ServiceBus;
import io.vertedge.link.Ids;
import io.vertedge.link.Link;
import io.vertedge.link.calls.ServiceBusProtocol;
import io.vertedge.link.proto.Envelope;
import io.vertedge.link.proto.HttpHeader;
import io.vertedge.link.proto.HttpRequest;
import io.vertedge.link.proto.HttpResponse;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;

/**
 * The edge's half of the ServiceBus: a cloud caller's request for an app on this edge's
 * loopback is forwarded to {@code 127.0.0.1:port} if the port is allowed, and the app's answer
 * (or why there is none: 403 port not allowed, 502 app unreachable or its body too large, 504
 * no answer in time) goes back on the link. Runs on the hub's event loop, never blocks.
 */
public final class ServiceCallForwarder {

  private static final Logger log = LoggerFactory.getLogger(ServiceCallForwarder.class);
  private static final String LOOPBACK = "127.0.0.1";

  private final Vertx vertx;
  private final String node;
  private final ServiceBus config;
  private HttpClient client;

  public ServiceCallForwarder(Vertx vertx, String node, ServiceBus config) {
    this.vertx = vertx;
    this.node = node;
    this.config = config;
  }

  /** Takes a ServiceBus request off the link and answers it there; false for any other envelope. */
  public boolean handle(Link link, Envelope envelope) {
    if (!ServiceBusProtocol.isRequest(envelope)) {
      return false;
    }
    HttpRequest request;
    try {
      request = HttpRequest.parseFrom(envelope.getContent());
    } catch (InvalidProtocolBufferException e) {
      link.send(ServiceBusProtocol.response(envelope, refusal(400, "malformed ServiceBus request: " + e.getMessage())));
      return true;
    }
    forward(request).onComplete(ar -> {
      HttpResponse response = ar.succeeded() ? ar.result() : refusal(502, ar.cause().getMessage());
      log.debug("[node: {}, message: {}] servicebus {} {}:{}{} -> {}", node, envelope.getId(), request.getMethod(),
          LOOPBACK, request.getPort(), request.getUri(), response.getStatus());
      link.send(ServiceBusProtocol.response(envelope, response));
    });
    return true;
  }

  private Future<HttpResponse> forward(HttpRequest request) {
    int port = request.getPort();
    if (!config.allowedPorts().contains(port)) {
      return Future.succeededFuture(refusal(403, "port " + port + " is not in serviceBus.allowedPorts of node " + node
          + (config.allowedPorts().isEmpty() ? " (none allowed)" : " (allowed: " + config.allowedPorts() + ")")));
    }
    RequestOptions options = new RequestOptions().setHost(LOOPBACK).setPort(port)
        .setMethod(HttpMethod.valueOf(request.getMethod())).setURI(request.getUri());
    request.getHeadersList().stream().filter(header -> ServiceBusProtocol.forwarded(header.getName()))
        .forEach(header -> options.addHeader(header.getName(), header.getValue()));
    options.putHeader("X-Forwarded-By", "vertedge " + node);
    Promise<HttpResponse> answer = Promise.promise();
    String where = LOOPBACK + ":" + port;
    long timer = vertx.setTimer(config.timeout().toMillis(), t -> answer.tryComplete(refusal(504,
        "the app on " + where + " of node " + node + " did not answer within " + config.timeout().toMillis() + " ms")));
    client().request(options)
        .compose(outgoing -> outgoing.send(Buffer.buffer(request.getBody().toByteArray())))
        .compose(this::collect)
        .onComplete(ar -> {
          vertx.cancelTimer(timer);
          if (ar.succeeded()) {
            answer.tryComplete(ar.result());
          } else if (ar.cause() instanceof BodyTooLarge) {
            answer.tryComplete(refusal(502, "the app on " + where + " of node " + node + " answered with a body "
                + ar.cause().getMessage()));
          } else {
            answer.tryComplete(refusal(502, "cannot reach the app on " + where + " of node " + node + ": "
                + ar.cause().getMessage()));
          }
        });
    return answer.future();
  }

  /** The app's answer, its body read up to the limit. */
  private Future<HttpResponse> collect(HttpClientResponse response) {
    HttpResponse.Builder answer = HttpResponse.newBuilder().setStatus(response.statusCode());
    for (Map.Entry<String, String> header : response.headers()) {
      if (ServiceBusProtocol.forwarded(header.getKey())) {
        answer.addHeaders(HttpHeader.newBuilder().setName(header.getKey()).setValue(header.getValue()));
      }
    }
    Promise<HttpResponse> done = Promise.promise();
    Buffer body = Buffer.buffer();
    response.handler(chunk -> {
      if (body.length() + chunk.length() > config.maxBodyBytes()) {
        done.tryFail(new BodyTooLarge("larger than " + config.maxBodyBytes() + " bytes (serviceBus.maxBodySize)"));
        response.request().reset();
      } else {
        body.appendBuffer(chunk);
      }
    });
    response.exceptionHandler(done::tryFail);
    response.endHandler(v -> done.tryComplete(answer.setBody(ByteString.copyFrom(body.getBytes())).build()));
    return done.future();
  }

  private static final class BodyTooLarge extends RuntimeException {
    BodyTooLarge(String message) {
      super(message, null, false, false);
    }
  }

  private HttpClient client() {
    if (client == null) {
      client = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout(5_000)
          .setName("servicebus-" + Ids.next()));
    }
    return client;
  }

  private static HttpResponse refusal(int status, String reason) {
    return HttpResponse.newBuilder().setStatus(status).setError(reason).build();
  }

  public Future<Void> close() {
    return client == null ? Future.succeededFuture() : client.close();
  }
}
