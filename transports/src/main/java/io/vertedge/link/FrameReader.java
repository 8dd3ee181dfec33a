package io.vertedge.link;

import io.vertedge.link.codec.FrameDecoder;
import io.vertedge.link.codec.FrameException;
import io.vertedge.link.proto.Envelope;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Locale;
import java.util.function.Consumer;

/**
 * The inbound half every transport connection shares: counts the bytes, decodes frames, and
 * turns bad input into a refusal that is counted, logged with the peer and closes the
 * connection. A failure of the code above must close the connection too, never leave it
 * half-read (Vert.x stops reading a socket whose handler threw).
 */
public final class FrameReader {

  private static final Logger log = LoggerFactory.getLogger(FrameReader.class);

  private final LinkMetrics metrics;
  private final Object remote;
  private final FrameDecoder decoder;
  private final Consumer<String> close;
  private long bytesRead;
  private boolean refused;

  /** {@code close} ends the connection with the reason given. */
  public FrameReader(int maxFrameSize, LinkMetrics metrics, Object remote, Handler<Envelope> envelopes,
                     Consumer<String> close) {
    this.metrics = metrics;
    this.remote = remote;
    this.decoder = new FrameDecoder(maxFrameSize, envelopes);
    this.close = close;
  }

  public void read(Buffer chunk) {
    if (refused) {
      // the connection is closing (gracefully on QUIC, so more may still arrive): once is enough
      return;
    }
    bytesRead += chunk.length();
    metrics.bytesIn(chunk.length());
    try {
      decoder.feed(chunk);
    } catch (FrameException e) {
      refuse(e.kind().name().toLowerCase(Locale.ROOT), e.getMessage());
    } catch (RuntimeException e) {
      log.error("[remote: {}] closing link connection: handling a message failed", remote, e);
      close.accept("internal error while handling a message");
    }
  }

  /** Refuses what the transport itself found wrong (a text frame, an oversize message). */
  public void refuse(String kind, String reason) {
    if (refused) {
      return;
    }
    refused = true;
    metrics.frameRefused(kind);
    log.warn("[remote: {}] closing link connection: {}", remote, reason);
    close.accept(reason);
  }

  public long bytesRead() {
    return bytesRead;
  }
}
