package io.vertedge.link.quic;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RetryTokensTest {

  private static final InetSocketAddress CLIENT = new InetSocketAddress("192.0.2.7", 4433);
  private static final byte[] CONNECTION_ID = {1, 2, 3, 4, 5, 6, 7, 8};

  private final MutableClock clock = new MutableClock();
  private final RetryTokens tokens = new RetryTokens(clock);

  @Test
  void aTokenWeIssuedValidatesForTheSameAddressAndPointsAtTheConnectionId() {
    ByteBuf token = issue();
    int offset = tokens.validateToken(token, CLIENT);
    assertEquals(24, offset);
    byte[] connectionId = new byte[token.readableBytes() - offset];
    token.getBytes(offset, connectionId);
    assertEquals(java.util.Arrays.toString(CONNECTION_ID), java.util.Arrays.toString(connectionId));
    assertTrue(token.readableBytes() <= tokens.maxTokenLength());
  }

  @Test
  void aTokenFromAnotherAddressIsRefused() {
    assertEquals(-1, tokens.validateToken(issue(), new InetSocketAddress("192.0.2.8", 4433)));
  }

  @Test
  void aTamperedTokenIsRefused() {
    ByteBuf token = issue();
    token.setByte(token.writerIndex() - 1, token.getByte(token.writerIndex() - 1) ^ 1);
    assertEquals(-1, tokens.validateToken(token, CLIENT));
  }

  @Test
  void anOldTokenIsRefused() {
    ByteBuf token = issue();
    clock.advance(RetryTokens.LIFETIME_MILLIS + 1);
    assertEquals(-1, tokens.validateToken(token, CLIENT));
  }

  @Test
  void anotherListenersTokenAndGarbageAreRefused() {
    assertEquals(-1, new RetryTokens(clock).validateToken(issue(), CLIENT));
    assertEquals(-1, tokens.validateToken(Unpooled.wrappedBuffer(new byte[] {1, 2, 3}), CLIENT));
    assertEquals(-1, tokens.validateToken(Unpooled.wrappedBuffer(new byte[60]), CLIENT));
  }

  private ByteBuf issue() {
    ByteBuf token = Unpooled.buffer();
    assertTrue(tokens.writeToken(token, Unpooled.wrappedBuffer(CONNECTION_ID), CLIENT));
    return token;
  }

  private static final class MutableClock extends Clock {
    private long millis = 1_700_000_000_000L;

    void advance(long by) {
      millis += by;
    }

    @Override public long millis() { return millis; }
    @Override public Instant instant() { return Instant.ofEpochMilli(millis); }
    @Override public ZoneOffset getZone() { return ZoneOffset.UTC; }
    @Override public Clock withZone(java.time.ZoneId zone) { return this; }
  }
}
