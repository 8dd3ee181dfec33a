package io.vertedge.devices.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class DocumentErrorsTest {

  private static final String HEADER = "apiVersion: devices.kubeedge.io/v1beta1\nkind: Device\n";

  private static String yamlError(String yaml) {
    return Samples.badRequest(() -> DeviceDocuments.readYaml(yaml)).getMessage();
  }

  private static String jsonError(String json) {
    return Samples.badRequest(() -> DeviceDocuments.readJson(json)).getMessage();
  }

  @Test
  void malformedYamlNamesTheLine() {
    assertEquals("invalid YAML at line 4, column 15: mapping values are not allowed here",
        yamlError(HEADER + "metadata:\n  name: thermo: 1\n"));
    assertEquals("invalid YAML at line 5, column 3: expected <block end>, but found '<block mapping start>'",
        yamlError(HEADER + "spec:\n    nodeName: edge-1\n  properties: []\n"));
    assertEquals("invalid YAML at line 4, column 1: found character '\\t(TAB)' that cannot start any token. "
        + "(Do not use \\t(TAB) for indentation)", yamlError(HEADER + "spec:\n\tnodeName: edge-1\n"));
    assertEquals("invalid YAML at line 4, column 1: found unexpected end of stream",
        yamlError(HEADER + "metadata: {name: \"thermo\n"));
    assertEquals("invalid YAML at line 3, column 11: found undefined alias base", yamlError(HEADER + "metadata: *base\n"));
  }

  @Test
  void aSyntaxErrorInALaterDocumentNamesItsLineInTheStream() {
    String stream = Samples.text("lab.yaml") + "---\n" + HEADER + "spec: [\n";
    int line = (int) Samples.text("lab.yaml").lines().count() + 5; // ---, two header lines, "spec: [", then the end
    assertEquals("invalid YAML at line " + line + ", column 1: expected the node content, but found '<stream end>'",
        yamlError(stream));
  }

  @Test
  void yamlThatJsonCannotHoldIsRefusedWithItsLine() {
    assertEquals("unsupported YAML at line 4, column 13: tag !!binary is not supported (only strings, numbers, booleans and null)",
        yamlError(HEADER + "spec:\n  nodeName: !!binary aGVsbG8=\n"));
    assertEquals("unsupported YAML at line 3, column 7: tag !thing is not supported (only strings, numbers, booleans and null)",
        yamlError(HEADER + "spec: !thing x\n"));
    assertEquals("unsupported YAML at line 3, column 7: tag !!set is not supported (only JSON's types)",
        yamlError(HEADER + "spec: !!set {a, b}\n"));
    assertEquals("unsupported YAML at line 4, column 10: .inf is not a number JSON can hold",
        yamlError(HEADER + "spec:\n  scale: .inf\n"));
    assertEquals("unsupported YAML at line 3, column 3: a key must be a single value, not a list",
        yamlError(HEADER + "? [a, b]\n: c\n"));
    assertEquals("unsupported YAML at line 4, column 7: a merge key (<<) takes a mapping or a list of mappings, not a single value",
        yamlError(HEADER + "spec:\n  <<: x\n"));
  }

  @Test
  void hostileYamlIsRefusedNotExpanded() {
    assertEquals("unsupported YAML at line 3, column 7: nested deeper than 100 levels (a recursive alias?)",
        yamlError(HEADER + "spec: &x [*x]\n"));
    StringBuilder laughs = new StringBuilder(HEADER).append("a: &a [x, x, x, x, x, x, x, x, x]\n");
    for (char c = 'b'; c <= 'h'; c++) {
      laughs.append(c).append(": &").append(c).append(" [")
          .append(String.join(", ", java.util.Collections.nCopies(9, "*" + (char) (c - 1)))).append("]\n");
    }
    assertEquals("invalid YAML: Number of aliases for non-scalar nodes exceeds the specified max=50", yamlError(laughs.toString()));
    assertEquals("invalid YAML: Nesting Depth exceeded max 50", yamlError(HEADER + "spec: " + "[".repeat(60) + "]".repeat(60)));
    assertEquals("invalid YAML: The incoming YAML document exceeds the limit: 3145728 code points.",
        yamlError(HEADER + "spec: '" + "x".repeat(3 << 20) + "'"));
  }

  @Test
  void aDocumentThatIsNotAnObjectIsRefused() {
    assertEquals("document 1 (line 1): expected an object (a YAML mapping), not a list", yamlError("- a\n- b\n"));
    assertEquals("document 2 (line 4): expected an object (a YAML mapping), not a single value",
        yamlError(HEADER + "---\njust text\n"));
  }

  @Test
  void malformedJsonNamesTheFieldPathAndLine() {
    assertEquals("invalid JSON at spec.properties[0].name (line 2, column 39): Unexpected character ('\"' (code 34)): "
        + "was expecting comma to separate Object entries",
        jsonError("{\"apiVersion\": \"devices.kubeedge.io/v1beta1\",\n \"spec\": {\"properties\": [{\"name\": \"a\" \"desired\": {}}]}}"));
    assertEquals("invalid JSON at spec.nodeName (line 1, column 26): Unrecognized token 'tru': was expecting "
        + "(JSON String, Number, Array, Object or token 'null', 'true' or 'false')", jsonError("{\"spec\": {\"nodeName\": tru}}"));
    assertEquals("invalid JSON at spec (line 1, column 11): Unexpected character ('n' (code 110)): "
        + "was expecting double-quote to start field name", jsonError("{\"spec\": {nodeName: 1}}"));
    assertEquals("invalid JSON at spec.properties[1] (line 3, column 1): Unexpected end-of-input: expected close marker for Array",
        jsonError("{\"spec\": {\"properties\": [{},\n{}\n"));
    assertEquals("invalid JSON at spec.x[1] (line 1, column 20): number 1e400 is out of range",
        jsonError("{\"spec\": {\"x\": [1, 1e400]}}"));
  }

  @Test
  void jsonThatIsNotOneObjectIsRefused() {
    assertEquals("invalid JSON: the document is empty", jsonError("  \n"));
    assertEquals("invalid JSON at line 1, column 1: expected an object, not an array", jsonError("[{}]"));
    assertEquals("invalid JSON at line 1, column 1: expected an object, not a string", jsonError("\"Device\""));
    assertEquals("invalid JSON at line 1, column 10: unexpected content after the object", jsonError("{\"a\": 1} {\"b\": 2}"));
    assertEquals("invalid JSON: Document nesting depth (101) exceeds the maximum allowed (100)",
        jsonError("{\"a\": " + "[".repeat(120) + "]".repeat(120) + "}"));
  }

  @Test
  void aWrongApiVersionIsNamedWithItsDocument() {
    String v1alpha2 = "apiVersion: devices.kubeedge.io/v1alpha2\nkind: Device\n";
    assertEquals("document 2 (line 13): apiVersion \"devices.kubeedge.io/v1alpha2\" is not supported: "
        + "expected \"devices.kubeedge.io/v1beta1\"", yamlError(Samples.text("lab.yaml").split("---")[0] + "---\n" + v1alpha2));
    assertEquals("document 1 (line 1): apiVersion is missing: expected \"devices.kubeedge.io/v1beta1\"",
        yamlError("kind: Device\n"));
    assertEquals("document 1 (line 1): apiVersion 1 is not supported: expected \"devices.kubeedge.io/v1beta1\"",
        yamlError("apiVersion: 1\nkind: Device\n"));
    assertEquals("apiVersion \"v1\" is not supported: expected \"devices.kubeedge.io/v1beta1\"",
        jsonError("{\"apiVersion\": \"v1\", \"kind\": \"Device\"}"));
  }

  @Test
  void aWrongKindIsNamedWithTheKindsWeRead() {
    assertEquals("document 1 (line 1): kind \"Pod\" is not supported: expected one of \"Device\", \"DeviceModel\", \"DeviceStatus\"",
        yamlError("apiVersion: devices.kubeedge.io/v1beta1\nkind: Pod\n"));
    assertEquals("document 1 (line 1): kind is missing: expected one of \"Device\", \"DeviceModel\", \"DeviceStatus\"",
        yamlError("apiVersion: devices.kubeedge.io/v1beta1\nmetadata: {name: x}\n"));
    assertEquals("kind \"device\" is not supported: expected one of \"Device\", \"DeviceModel\", \"DeviceStatus\"",
        jsonError("{\"apiVersion\": \"devices.kubeedge.io/v1beta1\", \"kind\": \"device\"}"));
    assertEquals("kind \"DeviceModel\" does not match the expected kind \"Device\"",
        Samples.badRequest(() -> DeviceDocuments.requireKind(Samples.model(), Device.class)).getMessage());
    assertEquals(Samples.device(), DeviceDocuments.requireKind(Samples.device(), Device.class));
  }
}
