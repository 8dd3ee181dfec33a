package io.vertedge.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The files users copy and read must say what the code does. */
@Timeout(10)
class ShippedConfigTest {

  // surefire runs in the module directory; conf/ and docs/ sit at the repository root
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  @TempDir
  Path tmp;

  @Test
  void shippedCloudYamlLoadsToTheDefaults() {
    ConfigSources base = ConfigSources.empty().withDataDir(tmp);
    assertEquals(ConfigLoader.loadCloud(base), ConfigLoader.loadCloud(base.withFile(ROOT.resolve("conf/cloud.yaml"))));
  }

  @Test
  void shippedEdgeYamlLoadsToTheDefaults() {
    ConfigSources base = ConfigSources.empty().withDataDir(tmp)
        .withFlag("nodeName", "edge-1").withFlag("cloud", "cloud.example.com");
    assertEquals(ConfigLoader.loadEdge(base), ConfigLoader.loadEdge(base.withFile(ROOT.resolve("conf/edge.yaml"))));
  }

  @Test
  void shippedFilesDocumentEveryKeyAsTheKeyTablesDo() throws IOException {
    // regenerate with: java -cp verticles/target/classes:transports/target/classes io.vertedge.config.ConfigDocs conf
    assertEquals(ConfigDocs.yaml(CloudKeys.TABLE), Files.readString(ROOT.resolve("conf/cloud.yaml")));
    assertEquals(ConfigDocs.yaml(EdgeKeys.TABLE), Files.readString(ROOT.resolve("conf/edge.yaml")));
  }

  @Test
  void configurationDocListsEveryKeyAsTheKeyTablesDo() throws IOException {
    String doc = Files.readString(ROOT.resolve("docs/configuration.md"));
    assertTrue(doc.contains(ConfigDocs.markdownTable(CloudKeys.TABLE)), "cloud table in docs/configuration.md is stale");
    assertTrue(doc.contains(ConfigDocs.markdownTable(EdgeKeys.TABLE)), "edge table in docs/configuration.md is stale");
  }
}
