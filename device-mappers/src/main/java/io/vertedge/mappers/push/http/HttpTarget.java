package io.vertedge.mappers.push.http;

import io.vertedge.mappers.push.Payload;
import io.vertedge.mappers.push.PushDroppedException;
import io.vertedge.mappers.push.PushTarget;
import io.vertedge.mappers.push.Reading;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;

/**
 * POSTs each reading to one receiver: {@link #ATTEMPTS} tries with backoff
 * ({@link #FIRST_BACKOFF}, then doubled), a non-2xx answer or no answer within {@code timeout}
 * failing a try. In an outage each reading gets one try, not {@link #ATTEMPTS}: retries bridge a
 * blip, they would only multiply the requests to a receiver that is down.
 */
final class HttpTarget implements PushTarget {

  static final int ATTEMPTS = 3;
  static final Duration FIRST_BACKOFF = Duration.ofMillis(200);
  private static final Logger log = LoggerFactory.getLogger(HttpTarget.class);

  private final Vertx vertx;
  private final HttpClient client;
  private final HttpTargetConfig config;
  private final ReceiverOutage outage;
  private final String field;
  private boolean released;

  HttpTarget(Vertx vertx, HttpClient client, HttpTargetConfig config, String field, ReceiverOutage outage) {
    this.vertx = vertx;
    this.client = client;
    this.config = config;
    this.field = field;
    this.outage = outage;
  }

  @Override
  public Future<Void> push(Reading reading) {
    if (released) {
      return Future.failedFuture(new PushDroppedException("the target was released"));
    }
    boolean kubeEdge = config.payload() == Payload.KUBEEDGE;
    String body = kubeEdge
        ? reading.property() + "=" + reading.value() + "&time=" + Payload.kubeEdgeTime(reading) // not URL-encoded, as KubeEdge
        : Payload.json(reading);
    RequestOptions request = new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(config.url())
        .setConnectTimeout(config.timeout().toMillis()).setIdleTimeout(config.timeout().toMillis())
        .putHeader(HttpHeaders.CONTENT_TYPE, kubeEdge ? "application/x-www-form-urlencoded" : "application/json");
    Promise<Void> done = Promise.promise();
    attempt(request, body, 1, outage.down(this) ? 1 : ATTEMPTS, done);
    return done.future().onSuccess(v -> outage.worked(this, reading)).onFailure(failure -> {
      if (!(failure instanceof PushDroppedException)) {
        outage.failed(this, field, reading, failure);
      }
    });
  }

  private void attempt(RequestOptions request, String body, int attempt, int attempts, Promise<Void> done) {
    Future<HttpClientRequest> opened;
    try {
      opened = client.request(request);
    } catch (IllegalStateException e) {
      done.fail(new PushDroppedException("the push method is closed")); // the edge is stopping
      return;
    }
    opened
        .compose(sent -> sent.send(body))
        .compose(HttpTarget::accepted)
        .onSuccess(done::complete)
        .onFailure(failure -> {
          if (attempt >= attempts || released) {
            done.fail(failure);
            return;
          }
          log.debug("{} attempt {} of {} failed, retried: {}", config.url(), attempt, attempts, failure.getMessage());
          vertx.setTimer(FIRST_BACKOFF.toMillis() << (attempt - 1), id -> attempt(request, body, attempt + 1, attempts, done));
        });
  }

  /** Reads the answer's body (so the connection is reused) and fails unless it is 2xx. */
  private static Future<Void> accepted(HttpClientResponse response) {
    return response.body().compose(answer -> response.statusCode() / 100 == 2 ? Future.succeededFuture()
        : Future.failedFuture("answered HTTP " + response.statusCode() + " " + response.statusMessage()));
  }

  @Override
  public void release() {
    released = true;
    outage.released(this);
  }
}
