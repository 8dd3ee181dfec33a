package io.vertedge.api;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReadinessTest {

  @Test
  void readyOnlyWhenEveryCheckIsUp() {
    Readiness readiness = new Readiness();
    Readiness.Check store = readiness.register("store");
    Readiness.Check links = readiness.register("link-server");
    store.up();

    assertFalse(readiness.isReady());
    assertEquals(new JsonObject("{\"status\":\"DOWN\",\"checks\":{\"store\":\"UP\",\"link-server\":\"DOWN\"}}"),
        readiness.toJson());

    links.up();

    assertTrue(readiness.isReady());
    assertEquals(new JsonObject("{\"status\":\"UP\"}"), readiness.toJson());
  }

  @Test
  void instancesSharingANameAreUpOnlyTogether() {
    Readiness readiness = new Readiness();
    Readiness.Check first = readiness.register("link-server");
    readiness.register("link-server");
    first.up();

    assertEquals("DOWN", readiness.toJson().getJsonObject("checks").getString("link-server"));
  }

  @Test
  void aCheckCanGoDownAgain() {
    Readiness readiness = new Readiness();
    Readiness.Check store = readiness.register("store");
    store.up();
    store.down();

    assertFalse(readiness.isReady());
  }
}
