package io.vertedge.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@Timeout(10)
class KeyTypeTest {

  @Test
  void portsRunFromZeroToTheMaximum() {
    assertEquals(0, KeyType.PORT.parse("0"));
    assertEquals(65535, KeyType.PORT.parse("65535"));
    assertEquals(8080, KeyType.PORT.parse(" 8080 "));
  }

  @ParameterizedTest
  @ValueSource(strings = {"-1", "65536", "http", "80.5", ""})
  void portsOutsideTheRangeAreRefused(String text) {
    var e = assertThrows(IllegalArgumentException.class, () -> KeyType.PORT.parse(text));
    assertEquals(Units.quote(text) + " is not a port (0-65535, 0 = any free port)", e.getMessage());
  }

  @Test
  void integersParseAndRefuseText() {
    assertEquals(3, KeyType.INT.parse("3"));
    var e = assertThrows(IllegalArgumentException.class, () -> KeyType.INT.parse("three"));
    assertEquals("\"three\" is not an integer", e.getMessage());
  }

  @Test
  void enumsTakeTheirConfigSpellingInAnyCase() {
    assertEquals(Transport.WEBSOCKET, KeyType.TRANSPORT.parse("websocket"));
    assertEquals(Transport.QUIC, KeyType.TRANSPORT.parse("QUIC"));
    assertEquals(Transport.AUTO, KeyType.TRANSPORT.parse("auto"));
    assertEquals(MqttMode.EXTERNAL, KeyType.MQTT_MODE.parse("external"));
  }

  @Test
  void unknownEnumValueListsTheChoices() {
    var e = assertThrows(IllegalArgumentException.class, () -> KeyType.TRANSPORT.parse("tcp"));
    assertEquals("\"tcp\" is not one of websocket, quic, auto", e.getMessage());
  }

  @Test
  void hostsAreNonBlankWords() {
    assertEquals("edge.example.com", KeyType.HOST.parse("edge.example.com"));
    assertEquals("::1", KeyType.HOST.parse("::1"));
    assertThrows(IllegalArgumentException.class, () -> KeyType.HOST.parse("two words"));
    assertThrows(IllegalArgumentException.class, () -> KeyType.HOST.parse("http://x"));
  }

  @Test
  void environmentNamesAreUpperSnakeCase() {
    assertEquals("VERTEDGE_LINK_HEARTBEAT_INTERVAL", ConfigKey.envName("link.heartbeatInterval"));
    assertEquals("VERTEDGE_SERVICE_BUS_PORT", ConfigKey.envName("serviceBus.port"));
    assertEquals("VERTEDGE_NODE_NAME", ConfigKey.envName("nodeName"));
    assertEquals("VERTEDGE_LINK_WEBSOCKET_PORT", ConfigKey.envName("link.websocketPort"));
    assertEquals("VERTEDGE_DMI_SOCKET", ConfigKey.envName("dmi.socket"));
    assertEquals("VERTEDGE_JOIN_TOKEN_TTL", ConfigKey.envName("join.tokenTtl"));
  }

  @Test
  void hostPortParsesNamesAndIpv6() {
    assertEquals(new HostPort("cloud", 10002), HostPort.parse("cloud", 10002));
    assertEquals(new HostPort("cloud", 443), HostPort.parse("cloud:443", 10002));
    assertEquals(new HostPort("::1", 9), HostPort.parse("[::1]:9", 10002));
    assertEquals(new HostPort("::1", 10002), HostPort.parse("::1", 10002));
    assertEquals("[::1]:9", new HostPort("::1", 9).toString());
    assertThrows(IllegalArgumentException.class, () -> HostPort.parse("cloud:x", 1));
    assertThrows(IllegalArgumentException.class, () -> HostPort.parse(":80", 1));
  }

  @Test
  void didYouMeanFindsTyposButNotStrangers() {
    var names = CloudKeys.TABLE.names();
    assertEquals("link.heartbeatInterval", DidYouMean.nearest("link.hartbeatInterval", names).orElseThrow());
    assertEquals("link.heartbeatInterval", DidYouMean.nearest("heartbeatInterval", names).orElseThrow());
    assertEquals("api.port", DidYouMean.nearest("api.prot", names).orElseThrow());
    assertEquals(java.util.Optional.empty(), DidYouMean.nearest("colour", names));
  }
}
