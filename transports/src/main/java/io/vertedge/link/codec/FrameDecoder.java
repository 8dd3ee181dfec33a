package io.vertedge.link.codec;

import com.google.protobuf.CodedInputStream;
import java.io.IOException;
import io.vertedge.link.proto.Envelope;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;

/**
 * Incremental decoder of {@link FrameCodec} frames: feed it whatever bytes arrive, it calls
 * the handler once per complete envelope. The length prefix is checked against the maximum
 * before anything is allocated, so a hostile prefix costs nothing. After a
 * {@link FrameException} the stream is out of sync and the decoder refuses further input.
 */
public final class FrameDecoder {

  private final int maxFrameSize;
  private final Handler<Envelope> handler;
  private Buffer pending = Buffer.buffer(0);
  private int pendingStart;
  private boolean failed;

  public FrameDecoder(int maxFrameSize, Handler<Envelope> handler) {
    if (maxFrameSize <= 0) {
      throw new IllegalArgumentException("maxFrameSize must be positive: " + maxFrameSize);
    }
    this.maxFrameSize = maxFrameSize;
    this.handler = handler;
  }

  /** Feeds the next chunk; throws {@link FrameException} on oversize or corrupt input. */
  public void feed(Buffer chunk) {
    if (failed) {
      throw new FrameException(FrameException.Kind.CORRUPT, "decoder already failed; the stream is out of sync");
    }
    append(chunk);
    try {
      drain();
    } catch (FrameException e) {
      failed = true;
      pending = Buffer.buffer(0);
      pendingStart = 0;
      throw e;
    }
  }

  /** Fails if a partial frame is buffered: call when the stream ended. */
  public void end() {
    int buffered = pending.length() - pendingStart;
    if (buffered > 0 && !failed) {
      failed = true;
      throw new FrameException(FrameException.Kind.TRUNCATED,
          "stream ended inside a frame (" + buffered + " bytes buffered)");
    }
  }

  /** Bytes received but not yet part of a complete frame. */
  public int bufferedBytes() {
    return pending.length() - pendingStart;
  }

  private void append(Buffer chunk) {
    if (pendingStart == pending.length()) {
      pending = chunk;
      pendingStart = 0;
    } else {
      Buffer rest = pending.getBuffer(pendingStart, pending.length());
      pending = rest.appendBuffer(chunk);
      pendingStart = 0;
    }
  }

  private void drain() {
    while (pending.length() - pendingStart >= FrameCodec.HEADER_BYTES) {
      long length = Integer.toUnsignedLong(pending.getInt(pendingStart));
      if (length > maxFrameSize) {
        throw new FrameException(FrameException.Kind.OVERSIZE,
            "frame of " + length + " bytes exceeds link.maxFrameSize (" + maxFrameSize + " bytes)");
      }
      int frameEnd = pendingStart + FrameCodec.HEADER_BYTES + (int) length;
      if (pending.length() < frameEnd) {
        return;
      }
      Envelope envelope = parse(pending, pendingStart + FrameCodec.HEADER_BYTES, frameEnd);
      pendingStart = frameEnd;
      handler.handle(envelope);
    }
  }

  private static Envelope parse(Buffer buffer, int from, int to) {
    try {
      // one copy out of the network buffer; the envelope's content aliases it instead of copying again
      CodedInputStream input = CodedInputStream.newInstance(buffer.getBytes(from, to));
      input.enableAliasing(true);
      return Envelope.parseFrom(input);
    } catch (IOException e) {
      // from an in-memory array this is always an InvalidProtocolBufferException
      throw new FrameException(FrameException.Kind.CORRUPT,
          "frame of " + (to - from) + " bytes is not an envelope: " + e.getMessage());
    }
  }
}
