package io.vertedge.link.calls;

import io.vertedge.link.proto.Channel;
import io.vertedge.link.proto.Envelope;
import io.vertedge.link.proto.HttpRequest;
import io.vertedge.link.proto.HttpResponse;
import io.vertedge.link.proto.Route;

import java.util.Locale;
import java.util.Set;

/**
 * ServiceBus calls on the link: the cloud sends an {@link HttpRequest} for an app on the edge's
 * loopback ({@code STREAMS}, group {@code servicebus}, operation {@code request}); the edge
 * answers with an {@link HttpResponse} ({@code response}, parent id = the request's id).
 */
public final class ServiceBusProtocol {

  public static final String GROUP = "servicebus";
  public static final String REQUEST = "request";
  public static final String RESPONSE = "response";

  /** Hop-by-hop headers (RFC 9110 §7.6.1) and those the next hop sets itself: never forwarded. */
  private static final Set<String> NOT_FORWARDED = Set.of("connection", "keep-alive", "proxy-authenticate",
      "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade", "host", "content-length");

  private ServiceBusProtocol() { }

  public static boolean forwarded(String header) {
    return !NOT_FORWARDED.contains(header.toLowerCase(Locale.ROOT));
  }

  public static Envelope request(String node, HttpRequest request) {
    return Envelope.newBuilder().setNode(node).setChannel(Channel.STREAMS)
        .setRoute(Route.newBuilder().setSource("cloud").setGroup(GROUP).setOperation(REQUEST)
            .setResource(request.getPort() + request.getUri()))
        .setContent(request.toByteString()).build();
  }

  public static boolean isRequest(Envelope envelope) {
    return GROUP.equals(envelope.getRoute().getGroup()) && REQUEST.equals(envelope.getRoute().getOperation());
  }

  public static Envelope response(Envelope request, HttpResponse response) {
    return Envelope.newBuilder().setParentId(request.getId()).setChannel(Channel.STREAMS)
        .setTimestamp(System.currentTimeMillis())
        .setRoute(Route.newBuilder().setSource("edge").setGroup(GROUP).setOperation(RESPONSE)
            .setResource(request.getRoute().getResource()))
        .setContent(response.toByteString()).build();
  }
}
