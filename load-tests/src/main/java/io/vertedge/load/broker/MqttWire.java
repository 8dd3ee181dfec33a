package io.vertedge.load.broker;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The few MQTT 3.1.1 packets the load generator needs, written and read by hand: a codec that
 * builds an object per packet would make the generator, not the broker, the bottleneck.
 */
final class MqttWire {

  static final int CONNACK = 2;
  static final int PUBLISH = 3;
  static final int PUBACK = 4;
  static final int SUBACK = 9;

  private MqttWire() {
  }

  /** CONNECT, MQTT 3.1.1, clean session, keep-alive 60 s. */
  static ByteBuf connect(ByteBufAllocator alloc, String clientId) {
    byte[] id = clientId.getBytes(StandardCharsets.UTF_8);
    ByteBuf out = alloc.buffer(16 + id.length);
    out.writeByte(0x10);
    writeLength(out, 10 + 2 + id.length);
    out.writeShort(4).writeBytes("MQTT".getBytes(StandardCharsets.US_ASCII)).writeByte(4).writeByte(0x02).writeShort(60);
    out.writeShort(id.length).writeBytes(id);
    return out;
  }

  static ByteBuf subscribe(ByteBufAllocator alloc, String filter, int qos) {
    byte[] topic = filter.getBytes(StandardCharsets.UTF_8);
    ByteBuf out = alloc.buffer(8 + topic.length);
    out.writeByte(0x82);
    writeLength(out, 2 + 2 + topic.length + 1);
    out.writeShort(1).writeShort(topic.length).writeBytes(topic).writeByte(qos);
    return out;
  }

  /** One PUBLISH appended to {@code out}; {@code packetId} is ignored at QoS 0. */
  static void publish(ByteBuf out, byte[] topic, int qos, int packetId, ByteBuf payload) {
    out.writeByte(0x30 | qos << 1);
    writeLength(out, 2 + topic.length + (qos > 0 ? 2 : 0) + payload.readableBytes());
    out.writeShort(topic.length).writeBytes(topic);
    if (qos > 0) {
      out.writeShort(packetId);
    }
    out.writeBytes(payload, payload.readerIndex(), payload.readableBytes());
  }

  static void puback(ByteBuf out, int packetId) {
    out.writeByte(0x40).writeByte(2).writeShort(packetId);
  }

  static ByteBuf disconnect(ByteBufAllocator alloc) {
    return alloc.buffer(2).writeByte(0xE0).writeByte(0);
  }

  private static void writeLength(ByteBuf out, int length) {
    int rest = length;
    do {
      int digit = rest & 0x7F;
      rest >>>= 7;
      out.writeByte(rest > 0 ? digit | 0x80 : digit);
    } while (rest > 0);
  }

  /** Splits the stream into packets and hands each to {@link #packet} (the body is valid during the call only). */
  abstract static class Reader extends ByteToMessageDecoder {

    @Override
    protected final void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
      while (in.readableBytes() >= 2) {
        int start = in.readerIndex();
        int header = in.getUnsignedByte(start);
        int length = 0;
        int shift = 0;
        int index = start + 1;
        int digit;
        do {
          if (index >= in.writerIndex()) {
            return;
          }
          digit = in.getUnsignedByte(index++);
          length |= (digit & 0x7F) << shift;
          shift += 7;
        } while ((digit & 0x80) != 0);
        if (in.writerIndex() - index < length) {
          return;
        }
        in.readerIndex(index + length);
        packet(ctx, header >>> 4, header & 0x0F, in.slice(index, length));
      }
    }

    protected abstract void packet(ChannelHandlerContext ctx, int type, int flags, ByteBuf body);
  }
}
