package io.vertedge.cloud.devices;

import io.vertedge.api.ApiException;
import io.vertedge.devices.model.DeviceDocuments;
import io.vertedge.devices.model.Resource;
import io.vertedge.devices.model.ResourceKind;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.representer.Representer;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * JSON and YAML in and out, as the apiserver: a body is read by its {@code Content-Type}
 * ({@code application/json}, the default, or {@code application/yaml}); an answer is written as
 * the {@code Accept} header asks (JSON unless it prefers YAML; 406 when it takes neither).
 * Errors stay JSON {@code Status} objects.
 */
final class MediaTypes {

  static final String JSON = "application/json";
  static final String YAML = "application/yaml";

  private MediaTypes() { }

  /** The one object of the request body, of the route's kind; 400 or 415 otherwise. */
  static Resource read(RoutingContext ctx, ResourceKind expected) {
    String body = ctx.body().asString();
    if (body == null || body.isBlank()) {
      throw ApiException.badRequest("the request body is empty: expected a " + expected.kind());
    }
    Resource resource = switch (contentType(ctx)) {
      case JSON, "" -> DeviceDocuments.readJson(body);
      case YAML, "application/x-yaml", "text/yaml" -> oneDocument(DeviceDocuments.readYaml(body), expected);
      default -> throw ApiException.unsupportedMediaType("the body of the request was in an unknown format - "
          + "accepted media types include: " + JSON + ", " + YAML);
    };
    if (resource.kind() != expected) {
      throw ApiException.badRequest("kind \"" + resource.kind().kind() + "\" does not match the expected kind \""
          + expected.kind() + "\"");
    }
    return resource;
  }

  static String contentType(RoutingContext ctx) {
    String header = ctx.request().getHeader(HttpHeaders.CONTENT_TYPE);
    return header == null ? "" : header.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
  }

  /** Whether the answer is YAML: the first type of {@code Accept} we serve decides. 406 when none is. */
  static boolean wantsYaml(RoutingContext ctx) {
    String accept = ctx.request().getHeader(HttpHeaders.ACCEPT);
    if (accept == null || accept.isBlank()) {
      return false;
    }
    for (String part : accept.split(",")) {
      String type = part.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
      if (type.equals(YAML) || type.equals("application/x-yaml") || type.equals("text/yaml")) {
        return true;
      }
      if (type.equals(JSON) || type.equals("*/*") || type.equals("application/*")) {
        return false;
      }
    }
    throw new ApiException(406, "NotAcceptable", "only the following media types are accepted: " + JSON + ", "
        + YAML);
  }

  static void reply(RoutingContext ctx, int status, Resource resource, List<String> warnings) {
    boolean yaml = wantsYaml(ctx);
    warnings.forEach(w -> ctx.response().headers().add("Warning", warning(w)));
    ctx.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, yaml ? YAML : JSON)
        .end(yaml ? resource.toYaml() : resource.toJson());
  }

  /** {@code {"apiVersion","kind":"DeviceList","metadata":{"resourceVersion","continue","remainingItemCount"},"items"}}. */
  static void replyList(RoutingContext ctx, ResourceKind kind, ListPage page) {
    boolean yaml = wantsYaml(ctx);
    String listKind = kind.kind() + "List";
    String version = Long.toString(page.resourceVersion());
    String body;
    if (yaml) {
      Map<String, Object> metadata = new LinkedHashMap<>();
      metadata.put("resourceVersion", version);
      if (page.continueToken() != null) {
        metadata.put("continue", page.continueToken());
        metadata.put("remainingItemCount", page.remaining());
      }
      Map<String, Object> list = new LinkedHashMap<>();
      list.put("apiVersion", ResourceKind.API_VERSION);
      list.put("kind", listKind);
      list.put("metadata", metadata);
      list.put("items", page.items().stream().map(Resource::document).toList());
      body = yaml().dump(list);
    } else {
      StringBuilder json = new StringBuilder(256).append("{\"apiVersion\":\"").append(ResourceKind.API_VERSION)
          .append("\",\"kind\":\"").append(listKind).append("\",\"metadata\":{\"resourceVersion\":\"")
          .append(version).append('"');
      if (page.continueToken() != null) {
        json.append(",\"continue\":\"").append(page.continueToken()).append("\",\"remainingItemCount\":")
            .append(page.remaining());
      }
      json.append("},\"items\":[");
      for (int i = 0; i < page.items().size(); i++) {
        json.append(i == 0 ? "" : ",").append(page.items().get(i).toJson());
      }
      body = json.append("]}").toString();
    }
    ctx.response().setStatusCode(200).putHeader(HttpHeaders.CONTENT_TYPE, yaml ? YAML : JSON).end(body);
  }

  /** A {@code Warning} header as the apiserver writes it: {@code 299 - "unknown field \"spec.colour\""}. */
  static String warning(String text) {
    return "299 - \"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  private static Resource oneDocument(List<Resource> documents, ResourceKind expected) {
    if (documents.size() != 1) {
      throw ApiException.badRequest("the request body holds " + documents.size() + " YAML documents: expected one "
          + expected.kind());
    }
    return documents.get(0);
  }

  // as the model's YAML writer (kubectl's layout); a Yaml is not thread-safe: one per call
  private static Yaml yaml() {
    DumperOptions options = new DumperOptions();
    options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
    options.setIndent(2);
    options.setSplitLines(false);
    options.setWidth(Integer.MAX_VALUE);
    return new Yaml(new Representer(options), options);
  }
}
