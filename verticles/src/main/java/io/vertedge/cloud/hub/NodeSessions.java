package io.vertedge.cloud.hub;

import io.vertedge.link.Link;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;

import java.util.Collection;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The cloud's live links, one per node, shared by every CloudHub instance. A link is only
 * touched on its own context, so operations from elsewhere (the API) hop there first.
 */
public final class NodeSessions {

  /** A node's link and the event loop it lives on. */
  public record Session(Link link, Context context) {

    /** Runs an operation on the link's own context. */
    public <T> Future<T> call(Function<Link, Future<T>> operation) {
      Promise<T> promise = Promise.promise();
      context.runOnContext(v -> operation.apply(link).onComplete(promise));
      return promise.future();
    }
  }

  private final ConcurrentHashMap<String, Session> byNode = new ConcurrentHashMap<>();

  /** Registers a new link and returns the one it replaces, if any. */
  Optional<Session> put(Session session) {
    return Optional.ofNullable(byNode.put(session.link().node(), session));
  }

  /** Forgets a link that ended, unless a newer one already took its place. */
  void remove(Session session) {
    byNode.remove(session.link().node(), session);
  }

  public Optional<Session> get(String node) {
    return Optional.ofNullable(byNode.get(node));
  }

  public Collection<Session> all() {
    return byNode.values();
  }

  public int size() {
    return byNode.size();
  }
}
