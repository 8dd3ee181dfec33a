package io.vertedge.cli.ctl;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** {@code -o json} and {@code -o yaml} lay objects out as kubectl does. */
class OutputTest {

  private static final JsonObject OBJECT = new JsonObject(
      "{\"a\":{},\"b\":[],\"c\":[{\"d\":1,\"e\":\"25\"}],\"f\":\"2026-11-25T10:00:00Z\"}");

  @Test
  void jsonHasFourSpacesAndEmptyBracketsTogether() {
    assertEquals("""
        {
            "a": {},
            "b": [],
            "c": [
                {
                    "d": 1,
                    "e": "25"
                }
            ],
            "f": "2026-11-25T10:00:00Z"
        }""", Output.JSON.render(OBJECT));
  }

  @Test
  void yamlQuotesStringsThatWouldReadBackAsSomethingElse() {
    assertEquals("""
        a: {}
        b: []
        c:
        - d: 1
          e: '25'
        f: '2026-11-25T10:00:00Z'""", Output.YAML.render(OBJECT));
  }
}
