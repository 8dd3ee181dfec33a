package io.vertedge.link.calls;

import io.vertedge.link.Ids;
import io.vertedge.link.Link;
import io.vertedge.link.proto.Envelope;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;

/**
 * Requests over links and their answers: a request is an envelope with a fresh id, its answer
 * the envelope whose {@code parent_id} is that id. A call fails with a {@link TimeoutException}
 * when no answer comes in time, and at once when its link goes down. Calls are requests, not
 * queued state: nothing is kept for a node that is away.
 */
public final class LinkCalls {

  private record Pending(Link link, Promise<Envelope> answer, long timer) { }

  private final Vertx vertx;
  private final Map<String, Pending> pending = new ConcurrentHashMap<>();

  public LinkCalls(Vertx vertx) {
    this.vertx = vertx;
  }

  /** Sends {@code request} (given a fresh id) and completes with the answer; call it on the link's context. */
  public Future<Envelope> call(Link link, Envelope request, Duration timeout) {
    String id = Ids.next();
    Promise<Envelope> answer = Promise.promise();
    long timer = vertx.setTimer(Math.max(1, timeout.toMillis()), t -> {
      if (pending.remove(id) != null) {
        answer.tryFail(new TimeoutException("no answer from " + link.node() + " within " + timeout.toMillis() + " ms"));
      }
    });
    pending.put(id, new Pending(link, answer, timer));
    link.send(request.toBuilder().setId(id).setTimestamp(System.currentTimeMillis()).build())
        .onFailure(e -> fail(id, e));
    return answer.future();
  }

  /** Completes the call {@code envelope} answers; false when it answers none (not an answer, or too late). */
  public boolean answer(Envelope envelope) {
    if (envelope.getParentId().isEmpty()) {
      return false;
    }
    Pending call = pending.remove(envelope.getParentId());
    if (call == null) {
      return false;
    }
    vertx.cancelTimer(call.timer());
    call.answer().tryComplete(envelope);
    return true;
  }

  /** Fails the calls waiting on {@code link} at once: their answers cannot come any more. */
  public void linkClosed(Link link, String reason) {
    pending.forEach((id, call) -> {
      if (call.link() == link) {
        fail(id, new LinkDownException("the link to " + link.node() + " went down: " + reason));
      }
    });
  }

  /** Calls waiting for their answer. */
  public int waiting() {
    return pending.size();
  }

  private void fail(String id, Throwable cause) {
    Pending call = pending.remove(id);
    if (call != null) {
      vertx.cancelTimer(call.timer());
      call.answer().tryFail(cause);
    }
  }

  /** The link a call waited on went down before its answer came. */
  public static final class LinkDownException extends RuntimeException {
    public LinkDownException(String message) {
      super(message, null, false, false);
    }
  }
}
