package io.vertedge.edge.mqtt;

import io.vertx.core.Future;

/** A session's way to its client while the client is connected (a {@link ClientConnection}). */
interface SessionLink {

  /** Writes a PUBLISH; completes once written to the socket, fails if the connection is gone. */
  Future<Void> send(BrokerMessage message, int packetId, boolean dup);

  /** QoS 1 messages the client takes unacknowledged: our bound, or its MQTT 5 Receive Maximum if lower. */
  int receiveMaximum();

  /** The client's MQTT 5 Maximum Packet Size, {@link Long#MAX_VALUE} when it has none. */
  long maxPacketSize();

  boolean mqtt5();

  /** Disconnects the client for not keeping up; its session is detached before this returns. */
  void cutOff(String why);

  /** Closes the connection because the same client id connected again; detaches before returning. */
  void takenOver();

  /** Client id and address, for logs. */
  String describe();
}
