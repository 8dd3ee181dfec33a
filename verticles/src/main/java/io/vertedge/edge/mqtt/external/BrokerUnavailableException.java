package io.vertedge.edge.mqtt.external;

/**
 * The external MQTT broker could not take a publish of the hub: the edge is not connected to
 * it (it reconnects on its own), or the connection ended before the broker acknowledged it.
 */
public final class BrokerUnavailableException extends RuntimeException {

  public BrokerUnavailableException(String message) {
    super(message, null, false, false);
  }
}
