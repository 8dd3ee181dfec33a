package io.vertedge.link.calls;

import com.google.protobuf.ByteString;
import io.vertedge.link.proto.Channel;
import io.vertedge.link.proto.Envelope;
import io.vertedge.link.proto.Route;

/**
 * Device method calls on the link: the cloud sends a call ({@code STREAMS}, group
 * {@code devicemethod}, operation {@code call}, resource {@code <ns>/<name>/<method>}) whose
 * content is the JSON {@code {"namespace","name","method","values":{"<property>":"<value>"}}};
 * the edge answers ({@code result}, parent id = the call's id) with the JSON result
 * {@code {"device","method","written":{...}}} or {@code {"error":{"code","reason","message"}}}.
 */
public final class DeviceMethodProtocol {

  public static final String GROUP = "devicemethod";
  public static final String CALL = "call";
  public static final String RESULT = "result";

  private DeviceMethodProtocol() { }

  public static Envelope call(String node, String resource, String json) {
    return Envelope.newBuilder().setNode(node).setChannel(Channel.STREAMS)
        .setRoute(Route.newBuilder().setSource("cloud").setGroup(GROUP).setOperation(CALL).setResource(resource))
        .setContent(ByteString.copyFromUtf8(json)).build();
  }

  public static boolean isCall(Envelope envelope) {
    return GROUP.equals(envelope.getRoute().getGroup()) && CALL.equals(envelope.getRoute().getOperation());
  }

  public static Envelope result(Envelope call, String json) {
    return Envelope.newBuilder().setParentId(call.getId()).setChannel(Channel.STREAMS)
        .setTimestamp(System.currentTimeMillis())
        .setRoute(Route.newBuilder().setSource("edge").setGroup(GROUP).setOperation(RESULT)
            .setResource(call.getRoute().getResource()))
        .setContent(ByteString.copyFromUtf8(json)).build();
  }
}
