package io.vertedge.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(10)
class DemoConfigTest {

  @TempDir
  Path tmp;

  private DemoConfig demo(String... sets) {
    return ConfigLoader.loadDemo(ConfigSources.empty().withDataDir(tmp).withSets(List.of(sets)));
  }

  @Test
  void demoRunsBothSidesUnderOneDirectoryWithADemoEdge() {
    DemoConfig d = demo();
    assertEquals(tmp, d.dataDir());
    assertEquals(tmp.resolve("cloud"), d.cloud().dataDir());
    assertEquals(tmp.resolve("edge"), d.edge().dataDir());
    assertEquals("demo-edge", d.edge().nodeName());
    assertEquals("127.0.0.1:10002", d.edge().cloud()); // the cloud joins on 0.0.0.0, reached on loopback
  }

  @Test
  void prefixedKeysSetOneSideAndBareKeysSetBoth() {
    DemoConfig d = demo("cloud.api.port=0", "edge.api.port=1", "link.heartbeatInterval=2s", "nodeName=mine",
        "cloud.join.port=0");
    assertEquals(0, d.cloud().api().port());
    assertEquals(1, d.edge().api().port());
    assertEquals(Duration.ofSeconds(2), d.cloud().link().heartbeatInterval());
    assertEquals(Duration.ofSeconds(2), d.edge().link().heartbeatInterval());
    assertEquals("mine", d.edge().nodeName());
    assertEquals("127.0.0.1:0", d.edge().cloud()); // port 0: the runtime calls withCloud once bound
  }

  @Test
  void bareApiPortSetsBothSides() {
    DemoConfig d = demo("api.port=0");
    assertEquals(0, d.cloud().api().port());
    assertEquals(0, d.edge().api().port());
  }

  @Test
  void unknownDemoKeysSuggestAcrossSides() {
    assertEquals("config: nodeNmae: unknown key (did you mean nodeName?)",
        assertThrows(ConfigException.class, () -> demo("nodeNmae=x")).getMessage());
    assertEquals("config: cloud.nodeName: unknown key",
        assertThrows(ConfigException.class, () -> demo("cloud.nodeName=x")).getMessage());
    assertEquals("config: edge.api.prot: unknown key (did you mean edge.api.port?)",
        assertThrows(ConfigException.class, () -> demo("edge.api.prot=1")).getMessage());
  }

  @Test
  void environmentAppliesToBothSides() {
    DemoConfig d = ConfigLoader.loadDemo(ConfigSources.empty().withDataDir(tmp)
        .withEnv(Map.of("VERTEDGE_LINK_HEARTBEAT_MISSES", "2")));
    assertEquals(2, d.cloud().link().heartbeatMisses());
    assertEquals(2, d.edge().link().heartbeatMisses());
  }

  @Test
  void defaultDemoDirectoryIsBesideCloudAndEdge() {
    Path xdg = tmp.resolve("xdg");
    DemoConfig d = ConfigLoader.loadDemo(ConfigSources.empty().withEnv(Map.of("XDG_DATA_HOME", xdg.toString())));
    Path expected = DataDirs.defaultFor("demo", Map.of("XDG_DATA_HOME", xdg.toString()));
    assertEquals(expected, d.dataDir());
    assertEquals(expected.resolve("edge"), d.edge().dataDir());
  }
}
