package io.vertedge.link.codec;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnknownFieldSet;
import io.vertedge.link.proto.Channel;
import io.vertedge.link.proto.Envelope;
import io.vertedge.link.proto.Route;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(30)
class FrameCodecTest {

  private static final int MAX = 1 << 20;

  @Test
  void everyEnvelopeSurvivesARoundTripInArbitraryChunks() {
    Random random = new Random(42);
    List<Envelope> sent = new ArrayList<>();
    Buffer stream = Buffer.buffer();
    for (int i = 0; i < 500; i++) {
      Envelope envelope = randomEnvelope(random, i);
      sent.add(envelope);
      stream.appendBuffer(FrameCodec.encode(envelope));
    }
    List<Envelope> received = new ArrayList<>();
    FrameDecoder decoder = new FrameDecoder(MAX, received::add);
    int position = 0;
    while (position < stream.length()) {
      int chunk = Math.min(stream.length() - position, 1 + random.nextInt(700));
      decoder.feed(stream.getBuffer(position, position + chunk));
      position += chunk;
    }
    decoder.end();
    assertEquals(sent, received);
  }

  @Test
  void aFrameCutShortIsReportedAsTruncatedWhenTheStreamEnds() {
    Buffer frame = FrameCodec.encode(randomEnvelope(new Random(1), 1));
    FrameDecoder decoder = new FrameDecoder(MAX, e -> { throw new AssertionError("no envelope expected"); });
    decoder.feed(frame.getBuffer(0, frame.length() - 3));
    FrameException e = assertThrows(FrameException.class, decoder::end);
    assertEquals(FrameException.Kind.TRUNCATED, e.kind());
  }

  @Test
  void aTwoGigabyteLengthPrefixIsRefusedBeforeAnythingIsAllocated() {
    FrameDecoder decoder = new FrameDecoder(MAX, e -> { });
    Buffer hostile = Buffer.buffer().appendInt(0x7fffffff).appendBytes(new byte[16]);
    FrameException e = assertThrows(FrameException.class, () -> decoder.feed(hostile));
    assertEquals(FrameException.Kind.OVERSIZE, e.kind());
    assertEquals("frame of 2147483647 bytes exceeds link.maxFrameSize (1048576 bytes)", e.getMessage());
    assertEquals(0, decoder.bufferedBytes());
  }

  @Test
  void aFrameOneByteOverTheMaximumIsRefusedAndOneAtTheMaximumIsNot() {
    Envelope big = Envelope.newBuilder().setContent(ByteString.copyFrom(new byte[1000])).build();
    int size = big.getSerializedSize();
    List<Envelope> received = new ArrayList<>();
    new FrameDecoder(size, received::add).feed(FrameCodec.encode(big));
    assertEquals(List.of(big), received);
    assertThrows(FrameException.class, () -> new FrameDecoder(size - 1, received::add).feed(FrameCodec.encode(big)));
  }

  @Test
  void randomBytesNeverEscapeAsAnythingButAFrameException() {
    Random random = new Random(7);
    for (int i = 0; i < 2000; i++) {
      byte[] garbage = new byte[1 + random.nextInt(200)];
      random.nextBytes(garbage);
      FrameDecoder decoder = new FrameDecoder(4096, e -> { });
      try {
        decoder.feed(Buffer.buffer(garbage));
        decoder.end();
      } catch (FrameException expected) {
        assertTrue(expected.getMessage().length() > 10);
      }
    }
  }

  @Test
  void aDecoderThatFailedRefusesFurtherInput() {
    FrameDecoder decoder = new FrameDecoder(16, e -> { });
    assertThrows(FrameException.class, () -> decoder.feed(Buffer.buffer().appendInt(17)));
    FrameException again = assertThrows(FrameException.class,
        () -> decoder.feed(FrameCodec.encode(Envelope.getDefaultInstance())));
    assertEquals(FrameException.Kind.CORRUPT, again.kind());
  }

  @Test
  void fieldsFromANewerPeerAreKeptNotRejected() throws Exception {
    Envelope known = randomEnvelope(new Random(3), 3);
    UnknownFieldSet extra = UnknownFieldSet.newBuilder()
        .addField(99, UnknownFieldSet.Field.newBuilder().addLengthDelimited(ByteString.copyFromUtf8("future")).build())
        .build();
    Envelope fromTheFuture = known.toBuilder().setUnknownFields(extra).build();
    List<Envelope> received = new ArrayList<>();
    new FrameDecoder(MAX, received::add).feed(FrameCodec.encode(fromTheFuture));
    assertEquals(known.getId(), received.get(0).getId());
    assertEquals(known.getContent(), received.get(0).getContent());
    assertTrue(received.get(0).getUnknownFields().hasField(99));
  }

  static Envelope randomEnvelope(Random random, int i) {
    byte[] content = new byte[random.nextInt(2048)];
    random.nextBytes(content);
    return Envelope.newBuilder()
        .setId("id-" + i)
        .setParentId(i % 3 == 0 ? "parent-" + i : "")
        .setNode("edge-" + (i % 7))
        .setTimestamp(System.currentTimeMillis())
        .setResourceVersion(Integer.toString(i))
        .setRoute(Route.newBuilder().setSource("edge").setGroup("twin").setOperation("update").setResource("ns/dev-" + i))
        .setChannel(Channel.forNumber(i % 4))
        .setSequence(i)
        .setTraceparent("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")
        .setContent(ByteString.copyFrom(content))
        .build();
  }
}
