package io.vertedge.cloud.devices;

import io.vertedge.devices.model.ResourceKind;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Set;

/**
 * One {@code ?watch=true} answer: a chunked stream of {@code {"type":...,"object":...}} lines
 * for the objects the query selects. An object that starts to match (a label added) comes as
 * ADDED, one that stops matching as DELETED, as Kubernetes does. Confined to the request's
 * context: the registry's events hop here in order. A client that reads too slowly to take
 * {@link #MAX_QUEUED_BYTES} is cut off; it watches again from the last version it got.
 */
final class WatchStream {

  static final long MAX_QUEUED_BYTES = 32L << 20;

  /** How a watch ends and bookmarks. */
  record Timing(Duration timeout, Duration bookmarkInterval, boolean bookmarks) { }

  private static final Logger log = LoggerFactory.getLogger(WatchStream.class);

  private final HttpServerResponse response;
  private final Context context;
  private final Vertx vertx;
  private final ListQuery query;
  private final ArrayDeque<String> queue = new ArrayDeque<>();
  private long queuedBytes;
  private boolean ended;
  private DeviceRegistry.WatchSubscription subscription;
  private long timeoutTimer = -1;
  private long bookmarkTimer = -1;

  private WatchStream(RoutingContext ctx, ListQuery query) {
    this.response = ctx.response();
    this.vertx = ctx.vertx();
    this.context = vertx.getOrCreateContext();
    this.query = query;
  }

  /** Starts the watch from {@code from} (0: the objects that exist first); 410 Gone goes out as a Status. */
  static void open(RoutingContext ctx, DeviceRegistry registry, ListQuery query, long from, Timing timing) {
    WatchStream stream = new WatchStream(ctx, query);
    stream.response.setStatusCode(200).setChunked(true).putHeader(HttpHeaders.CONTENT_TYPE, MediaTypes.JSON);
    stream.response.closeHandler(v -> stream.end());
    registry.watch(Set.of(query.kind()), from, event -> stream.context.runOnContext(v -> stream.take(event)))
        .onComplete(ar -> stream.context.runOnContext(v -> {
          if (ar.failed()) {
            stream.ended = true;
            ctx.fail(ar.cause());
          } else {
            stream.started(ar.result(), timing);
          }
        }));
  }

  private void started(DeviceRegistry.WatchSubscription watching, Timing timing) {
    subscription = watching;
    if (ended) {
      watching.cancel();
      return;
    }
    if (!response.headWritten()) {
      response.writeHead();
    }
    timeoutTimer = vertx.setTimer(Math.max(1, timing.timeout().toMillis()), id -> end());
    if (timing.bookmarks()) {
      ResourceKind kind = query.kind();
      bookmarkTimer = vertx.setPeriodic(Math.max(1, timing.bookmarkInterval().toMillis()),
          id -> subscription.bookmark(kind));
    }
  }

  private void take(WatchEvent event) {
    if (ended) {
      return;
    }
    WatchEvent selected = select(event);
    if (selected == null) {
      return;
    }
    String line = selected.line();
    queue.addLast(line);
    queuedBytes += line.length();
    flush();
  }

  /** The event as this watch's selection sees it, or null when it does not concern it. */
  private WatchEvent select(WatchEvent event) {
    if (event.type() == WatchEvent.Type.BOOKMARK) {
      return event;
    }
    if (event.type() == WatchEvent.Type.DELETED) {
      return query.matches(event.object()) ? event : null;
    }
    boolean now = query.matches(event.object());
    boolean before = event.previous() != null && query.matches(event.previous());
    if (now) {
      return event.as(before ? WatchEvent.Type.MODIFIED : WatchEvent.Type.ADDED);
    }
    return before ? event.as(WatchEvent.Type.DELETED) : null;
  }

  private void flush() {
    while (!queue.isEmpty() && !response.writeQueueFull()) {
      String line = queue.removeFirst();
      queuedBytes -= line.length();
      response.write(line);
    }
    if (queue.isEmpty()) {
      return;
    }
    if (queuedBytes > MAX_QUEUED_BYTES) {
      log.warn("[watch: {}] the client reads too slowly ({} bytes waiting): its watch is closed", query.kind().plural(),
          queuedBytes);
      end();
      return;
    }
    response.drainHandler(v -> flush());
  }

  private void end() {
    if (ended) {
      return;
    }
    ended = true;
    queue.clear();
    vertx.cancelTimer(timeoutTimer);
    vertx.cancelTimer(bookmarkTimer);
    if (subscription != null) {
      subscription.cancel();
    }
    if (!response.ended() && !response.closed()) {
      response.end();
    }
  }
}
