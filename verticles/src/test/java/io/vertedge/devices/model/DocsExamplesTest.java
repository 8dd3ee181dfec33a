package io.vertedge.devices.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The examples in {@code docs/examples/} stay valid: strict about fields, no errors, no warnings. */
@Timeout(10)
class DocsExamplesTest {

  private static final Path EXAMPLES = Path.of("..", "docs", "examples"); // surefire runs in verticles/

  @Test
  void everyExampleIsAcceptedAsIs() throws IOException {
    List<Resource> resources = new ArrayList<>();
    try (Stream<Path> files = Files.list(EXAMPLES)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
        resources.addAll(DeviceDocuments.readYaml(Files.readString(file)));
      }
    }
    assertTrue(resources.size() >= 2, "examples found: " + resources);
    List<DeviceModel> models = resources.stream().filter(DeviceModel.class::isInstance).map(DeviceModel.class::cast).toList();
    ResourceValidator validator = new ResourceValidator(ModelLookup.of(models));
    for (Resource r : resources) {
      assertEquals(List.of(), FieldValidation.STRICT.apply(r).warnings(), r.toString());
      assertEquals(new Validation(List.of(), List.of()), validator.validate(r), r.toString());
    }
  }
}
