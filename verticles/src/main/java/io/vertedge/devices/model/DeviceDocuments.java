package io.vertedge.devices.model;

import io.vertedge.api.ApiException;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes {@code devices.kubeedge.io/v1beta1} documents. A malformed text is an
 * {@link ApiException} 400 {@code BadRequest} whose message names the line (YAML) or the field
 * path and line (JSON); a document of another {@code apiVersion} or {@code kind} is one too,
 * naming the document. Nothing else is checked here: see {@link FieldValidation} and
 * {@link ResourceValidator}.
 *
 * <p>Trees hold JSON's types: {@code Map<String,Object>} (document order), {@code List<Object>},
 * {@code String}, {@code Long} (or {@code BigInteger}), {@code Double}, {@code Boolean}, {@code null}.
 */
public final class DeviceDocuments {

  private DeviceDocuments() { }

  /** Every non-empty document of a YAML stream ({@code ---} between documents), in order. */
  public static List<Resource> readYaml(String yaml) {
    return YamlReader.read(yaml).stream().map(DeviceDocuments::resource).toList();
  }

  /** One JSON object. */
  public static Resource readJson(String json) {
    return resource(JsonReader.read(json));
  }

  /**
   * A document from a tree built elsewhere (the store, a merge patch applied to
   * {@link Resource#toJsonObject()}); Vert.x {@code JsonObject}s are accepted inside it.
   */
  public static Resource fromDocument(Map<String, ?> document) {
    return resource(new SourceDocument(Tree.freeze(document), List.of(), ""));
  }

  /** {@code resource} as the kind a route serves, or a 400 saying what was sent instead. */
  public static <R extends Resource> R requireKind(Resource resource, Class<R> expected) {
    if (!expected.isInstance(resource)) {
      throw ApiException.badRequest("kind " + GoText.quote(resource.kind().kind())
          + " does not match the expected kind " + GoText.quote(expected.getSimpleName()));
    }
    return expected.cast(resource);
  }

  /** Several documents as one YAML stream, {@code ---} between them. */
  public static String toYaml(List<? extends Resource> resources) {
    return YamlWriter.write(resources.stream().map(Resource::document).toList());
  }

  private static Resource resource(SourceDocument source) {
    Map<String, Object> tree = source.tree();
    String origin = source.origin().isEmpty() ? "" : source.origin() + ": ";
    Object apiVersion = tree.get("apiVersion");
    if (apiVersion == null) {
      throw ApiException.badRequest(origin + "apiVersion is missing: expected "
          + GoText.quote(ResourceKind.API_VERSION));
    }
    if (!ResourceKind.API_VERSION.equals(apiVersion)) {
      throw ApiException.badRequest(origin + "apiVersion " + GoText.value(apiVersion)
          + " is not supported: expected " + GoText.quote(ResourceKind.API_VERSION));
    }
    Object kind = tree.get("kind");
    if (kind == null) {
      throw ApiException.badRequest(origin + "kind is missing: expected one of " + ResourceKind.quotedKinds());
    }
    ResourceKind known = ResourceKind.ofKind(Tree.string(kind)).orElseThrow(() -> ApiException.badRequest(
        origin + "kind " + GoText.value(kind) + " is not supported: expected one of " + ResourceKind.quotedKinds()));
    return Resource.create(known, tree, source.duplicateFields());
  }
}
