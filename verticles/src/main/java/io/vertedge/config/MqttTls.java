package io.vertedge.config;

import java.nio.file.Path;

/**
 * TLS to an external MQTT broker ({@code ssl://}, {@code tls://} or {@code mqtts://} URL).
 *
 * @param caFile PEM CA certificates the broker's certificate must chain to; {@code null}: the
 *     JVM's trusted CAs
 * @param certFile PEM client certificate, for brokers that require one; {@code null}: none
 * @param keyFile PEM private key of {@code certFile}
 * @param verifyHostname whether the broker's certificate must name the host we dial
 */
public record MqttTls(Path caFile, Path certFile, Path keyFile, boolean verifyHostname) {

  public static final MqttTls NONE = new MqttTls(null, null, null, true);

  public MqttTls {
    if ((certFile == null) != (keyFile == null)) {
      throw new IllegalArgumentException("a client certificate needs both certFile and keyFile");
    }
  }

  /** Whether any file is set. */
  public boolean configured() {
    return caFile != null || certFile != null;
  }
}
