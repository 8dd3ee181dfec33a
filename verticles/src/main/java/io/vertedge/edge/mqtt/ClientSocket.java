package io.vertedge.edge.mqtt;

import io.vertx.core.Context;
import io.vertx.core.internal.net.NetSocketInternal;
import io.vertx.core.net.NetSocket;
import io.vertx.mqtt.MqttEndpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.reflect.Field;

/**
 * What vertx-mqtt 5.0.7's {@link MqttEndpoint} hides of a client's socket: stopping reads
 * while anything holds it (counted), so that TCP slows the client down, closing it at once,
 * and its pipeline, where {@link DeferredFlush} goes first.
 * The socket is taken from the endpoint implementation's {@code conn} field; without it
 * (another vertx-mqtt version) nothing is paused or aborted, bounded queues alone protect the
 * broker, and {@code SlowSubscriberTest} fails.
 *
 * <p>Resuming is deferred to a later turn of the event loop: Vert.x hands the buffered packets
 * over inside {@code resume()}, and the broker must not be re-entered from its own callbacks.
 */
final class ClientSocket {

  private static final Logger log = LoggerFactory.getLogger(ClientSocket.class);
  private static final Field SOCKET = socketField();

  private final NetSocket socket;
  private final Context context;
  private int holds;
  private boolean paused;

  private ClientSocket(NetSocket socket, Context context) {
    this.socket = socket;
    this.context = context;
  }

  static ClientSocket of(MqttEndpoint endpoint, Context context) {
    NetSocket socket = null;
    if (SOCKET != null) {
      try {
        socket = (NetSocket) SOCKET.get(endpoint);
      } catch (IllegalAccessException | ClassCastException | IllegalArgumentException e) {
        log.debug("no socket behind the MQTT endpoint: {}", e.toString());
      }
    }
    consolidateFlushes(socket);
    return new ClientSocket(socket, context);
  }

  /** See {@link DeferredFlush}: one write per subscriber for a publisher's read batch, not one per message. */
  private static void consolidateFlushes(NetSocket socket) {
    if (socket instanceof NetSocketInternal internal) {
      internal.channelHandlerContext().pipeline().addFirst("deferredFlush", new DeferredFlush());
    }
  }

  /** Whether holding can pause reads with this vertx-mqtt. */
  static boolean supported() {
    return SOCKET != null;
  }

  void hold() {
    if (holds++ == 0 && socket != null && !paused) {
      paused = true;
      socket.pause();
    }
  }

  void release() {
    if (holds > 0 && --holds == 0 && paused) {
      context.runOnContext(v -> {
        if (holds == 0 && paused) {
          paused = false;
          socket.resume();
        }
      });
    }
  }

  boolean held() {
    return holds > 0;
  }

  /**
   * Closes the connection now, dropping what it has not written. Vert.x's own close first
   * flushes every pending write, which never ends for a client that stopped reading.
   */
  void abort() {
    if (socket instanceof NetSocketInternal internal) {
      // the context of Vert.x's own handler: a close from there skips its flush-first close
      internal.channelHandlerContext().close();
    }
  }

  private static Field socketField() {
    try {
      Field field = Class.forName("io.vertx.mqtt.impl.MqttEndpointImpl").getDeclaredField("conn");
      field.setAccessible(true);
      return NetSocket.class.isAssignableFrom(field.getType()) ? field : null;
    } catch (ReflectiveOperationException | RuntimeException e) {
      log.warn("vertx-mqtt without a reachable socket ({}): a slow subscriber cannot pause its publishers; "
          + "queues stay bounded", e.toString());
      return null;
    }
  }
}
