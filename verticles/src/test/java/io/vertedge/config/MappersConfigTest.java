package io.vertedge.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code mappers.builtIn} and {@code dmi.tcp}: what they accept and how they refuse. */
@Timeout(10)
class MappersConfigTest {

  @TempDir
  Path tmp;

  private EdgeMappers load(String... sets) {
    return ConfigLoader.loadEdge(ConfigSources.empty().withDataDir(tmp)
        .withSets(List.of("nodeName=edge-1", "cloud=cloud:10002")).withSets(List.of(sets))).mappers();
  }

  private String failure(String... sets) {
    return assertThrows(ConfigException.class, () -> load(sets)).getMessage();
  }

  @Test
  void byDefaultTheEdgeRunsVirtualAndModbusAndServesDmiOnItsSocketOnly() {
    assertEquals(List.of("virtual", "modbus"), load().builtIn());
    assertNull(load().dmiTcp());
  }

  @Test
  void builtInProtocolsAreChosenOrNone() {
    assertEquals(List.of("virtual"), load("mappers.builtIn=virtual").builtIn());
    assertEquals(List.of("modbus", "virtual"), load("mappers.builtIn= modbus, virtual ,modbus").builtIn());
    assertEquals(List.of(), load("mappers.builtIn=none").builtIn(), "every device is left to DMI mappers");
    assertEquals(List.of("virtual", "modbus"), load("mappers.builtIn=").builtIn(), "empty: the default, as for every key");
  }

  @Test
  void aProtocolWithoutABuiltInMapperIsRefused() {
    assertEquals("config: mappers.builtIn: \"opcua\" has no built-in mapper (there are virtual, modbus); leave it out "
        + "and run a DMI mapper for it", failure("mappers.builtIn=virtual,opcua"));
  }

  @Test
  void dmiTcpIsHostAndPort() {
    assertEquals(new HostPort("127.0.0.1", 10350), load("dmi.tcp=127.0.0.1:10350").dmiTcp());
    assertEquals(new HostPort("::1", 0), load("dmi.tcp=[::1]:0").dmiTcp());
    assertEquals("config: dmi.tcp: \"localhost\" is not HOST:PORT, e.g. 127.0.0.1:10350", failure("dmi.tcp=localhost"));
  }
}
