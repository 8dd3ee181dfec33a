package io.vertedge.devices.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@Timeout(10)
class MetadataValidationTest {

  private static final String SUBDOMAIN = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric "
      + "characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', "
      + "regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

  private final ResourceValidator validator = new ResourceValidator((ns, name) -> java.util.Optional.empty());

  /** A DeviceModel (no reference to check) with this metadata. */
  private List<String> errors(Map<String, Object> metadata) {
    Resource r = DeviceDocuments.fromDocument(Map.of("apiVersion", "devices.kubeedge.io/v1beta1",
        "kind", "DeviceModel", "metadata", metadata));
    return validator.validate(r).errors().stream().map(FieldError::message).toList();
  }

  @ParameterizedTest
  @ValueSource(strings = {"a", "thermo-1", "thermo.plant-3.example", "0abc", "a-b-c"})
  void dns1123SubdomainNamesAreAccepted(String name) {
    assertEquals(List.of(), errors(Map.of("name", name)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"Thermo", "thermo_1", "-thermo", "thermo-", "thermo..1", "thermo 1", "thermö"})
  void otherNamesAreRefusedWithKubernetesMessage(String name) {
    assertEquals(List.of("metadata.name: Invalid value: " + GoText.quote(name) + ": " + SUBDOMAIN), errors(Map.of("name", name)));
  }

  @Test
  void aNameIsAtMost253Characters() {
    String longest = ("a".repeat(62) + ".").repeat(4) + "a"; // 253
    assertEquals(List.of(), errors(Map.of("name", longest)));
    assertEquals(List.of("metadata.name: Invalid value: \"" + longest + "a\": must be no more than 253 characters"),
        errors(Map.of("name", longest + "a")));
  }

  @Test
  void aNameOrGenerateNameIsRequired() {
    assertEquals(List.of("metadata.name: Required value: name or generateName is required"), errors(Map.of()));
    assertEquals(List.of("metadata.name: Required value: name or generateName is required"), errors(Map.of("name", "")));
    assertEquals(List.of(), errors(Map.of("generateName", "thermo-")));
    assertEquals(List.of("metadata.generateName: Invalid value: \"Thermo-\": " + SUBDOMAIN),
        errors(Map.of("generateName", "Thermo-")));
  }

  @Test
  void aNamespaceIsADns1123Label() {
    assertEquals(List.of(), errors(Map.of("name", "a", "namespace", "plant-3")));
    assertEquals(List.of("metadata.namespace: Invalid value: \"plant.3\": must not contain dots"),
        errors(Map.of("name", "a", "namespace", "plant.3")));
    assertEquals(List.of("metadata.namespace: Invalid value: \"Plant\": a lowercase RFC 1123 label must consist of lower case "
        + "alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  "
        + "or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"),
        errors(Map.of("name", "a", "namespace", "Plant")));
    assertEquals(List.of("metadata.namespace: Invalid value: \"" + "n".repeat(64) + "\": must be no more than 63 characters"),
        errors(Map.of("name", "a", "namespace", "n".repeat(64))));
  }

  // Kubernetes' RegexError writes "', " then " or " between examples: two spaces, kept word for word
  @Test
  void labelsFollowKubernetesRules() {
    assertEquals(List.of(), errors(Map.of("name", "a", "labels",
        Map.of("app.kubernetes.io/name", "thermo", "room", "", "Tier_2", "A.b-c_d"))));
    assertEquals(List.of("metadata.labels: Invalid value: \"-bad\": name part must consist of alphanumeric characters, "
        + "'-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', "
        + "regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"),
        errors(Map.of("name", "a", "labels", Map.of("-bad", "ok"))));
    assertEquals(List.of("metadata.labels: Invalid value: \"two words\": a valid label must be an empty string or consist of "
        + "alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  "
        + "or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"),
        errors(Map.of("name", "a", "labels", Map.of("fine", "two words"))));
    assertEquals(List.of("metadata.labels: Invalid value: \"" + "v".repeat(64) + "\": must be no more than 63 characters"),
        errors(Map.of("name", "a", "labels", Map.of("fine", "v".repeat(64)))));
    assertEquals(List.of("metadata.labels: Invalid value: \"/x\": prefix part must be non-empty"),
        errors(Map.of("name", "a", "labels", Map.of("/x", "v"))));
  }

  @Test
  void annotationKeysAreQualifiedNamesInAnyCaseAndTheirTotalIsBounded() {
    assertEquals(List.of(), errors(Map.of("name", "a", "annotations", Map.of("Example.COM/Note", "any text at all"))));
    assertEquals(List.of("metadata.annotations: Invalid value: \"a/b/c\": a qualified name must consist of alphanumeric "
        + "characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  "
        + "or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS "
        + "subdomain prefix and '/' (e.g. 'example.com/MyName')"),
        errors(Map.of("name", "a", "annotations", Map.of("a/b/c", "x"))));
    assertEquals(List.of(), errors(Map.of("name", "a", "annotations", Map.of("k", "v".repeat(256 * 1024 - 1)))));
    assertEquals(List.of("metadata.annotations: Too long: may not be more than 262144 bytes"),
        errors(Map.of("name", "a", "annotations", Map.of("k", "v".repeat(256 * 1024)))));
  }

  @Test
  void generationIsNotNegative() {
    assertEquals(List.of("metadata.generation: Invalid value: -1: must be greater than or equal to 0"),
        errors(Map.of("name", "a", "generation", -1)));
  }
}
