package io.vertedge.link.quic;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.quic.QuicTokenHandler;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;

/**
 * Address validation for the QUIC listener (a Retry before any connection state exists), so a
 * flood of Initial packets from forged addresses costs us one HMAC each, not a connection each.
 * A token is {@code issued-at millis (8) | HMAC-SHA256(key, issued-at | address | dcid) (16) | dcid},
 * under a random key per listener, and holds for {@link #LIFETIME_MILLIS}.
 */
final class RetryTokens implements QuicTokenHandler {

  static final long LIFETIME_MILLIS = 30_000;
  private static final int TIME_BYTES = 8;
  private static final int MAC_BYTES = 16;
  private static final int HEADER_BYTES = TIME_BYTES + MAC_BYTES;
  private static final int MAX_CONNECTION_ID_BYTES = 20;

  private final SecretKeySpec key;
  private final Clock clock;
  private final ThreadLocal<Mac> macs;

  RetryTokens(Clock clock) {
    byte[] secret = new byte[32];
    new SecureRandom().nextBytes(secret);
    this.key = new SecretKeySpec(secret, "HmacSHA256");
    this.clock = clock;
    this.macs = ThreadLocal.withInitial(this::newMac);
  }

  @Override
  public boolean writeToken(ByteBuf out, ByteBuf dcid, InetSocketAddress address) {
    long issued = clock.millis();
    out.writeLong(issued);
    out.writeBytes(mac(issued, address, dcid, dcid.readerIndex(), dcid.readableBytes()));
    out.writeBytes(dcid, dcid.readerIndex(), dcid.readableBytes());
    return true;
  }

  @Override
  public int validateToken(ByteBuf token, InetSocketAddress address) {
    int start = token.readerIndex();
    int cidLength = token.readableBytes() - HEADER_BYTES;
    if (cidLength < 0 || cidLength > MAX_CONNECTION_ID_BYTES) {
      return -1;
    }
    long issued = token.getLong(start);
    long age = clock.millis() - issued;
    if (age < 0 || age > LIFETIME_MILLIS) {
      return -1;
    }
    byte[] presented = new byte[MAC_BYTES];
    token.getBytes(start + TIME_BYTES, presented);
    byte[] expected = mac(issued, address, token, start + HEADER_BYTES, cidLength);
    return MessageDigest.isEqual(presented, expected) ? HEADER_BYTES : -1;
  }

  @Override
  public int maxTokenLength() {
    return HEADER_BYTES + MAX_CONNECTION_ID_BYTES;
  }

  private byte[] mac(long issued, InetSocketAddress address, ByteBuf cid, int cidIndex, int cidLength) {
    Mac mac = macs.get();
    for (int shift = 56; shift >= 0; shift -= 8) {
      mac.update((byte) (issued >>> shift));
    }
    mac.update(address.getAddress().getAddress());
    byte[] cidBytes = new byte[cidLength];
    cid.getBytes(cidIndex, cidBytes);
    mac.update(cidBytes);
    byte[] full = mac.doFinal();
    byte[] truncated = new byte[MAC_BYTES];
    System.arraycopy(full, 0, truncated, 0, MAC_BYTES);
    return truncated;
  }

  private Mac newMac() {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }
}
