package io.vertedge.link.codec;

import io.vertedge.link.proto.Envelope;
import io.vertx.core.buffer.Buffer;

/**
 * The link's wire format, written once for every transport: a 4-byte big-endian length
 * followed by the protobuf {@link Envelope}. WebSocket carries one frame per binary message;
 * QUIC streams carry them back to back in arbitrary chunks.
 */
public final class FrameCodec {

  public static final int HEADER_BYTES = 4;

  private FrameCodec() {
  }

  public static Buffer encode(Envelope envelope) {
    return Buffer.buffer(encodeToArray(envelope));
  }

  /** The frame as a fresh array, for transports that wrap it without copying. */
  public static byte[] encodeToArray(Envelope envelope) {
    int size = envelope.getSerializedSize();
    byte[] bytes = new byte[HEADER_BYTES + size];
    bytes[0] = (byte) (size >>> 24);
    bytes[1] = (byte) (size >>> 16);
    bytes[2] = (byte) (size >>> 8);
    bytes[3] = (byte) size;
    com.google.protobuf.CodedOutputStream out =
        com.google.protobuf.CodedOutputStream.newInstance(bytes, HEADER_BYTES, size);
    try {
      envelope.writeTo(out);
      out.checkNoSpaceLeft();
    } catch (java.io.IOException impossible) {
      throw new IllegalStateException("encoding into an exactly sized array failed", impossible);
    }
    return bytes;
  }

  /** Size on the wire of an envelope, header included. */
  public static int encodedSize(Envelope envelope) {
    return HEADER_BYTES + envelope.getSerializedSize();
  }
}
