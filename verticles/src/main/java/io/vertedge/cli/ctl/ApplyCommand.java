package io.vertedge.cli.ctl;

import io.vertedge.devices.model.Resource;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ctl apply -f FILE|DIR|-}: creates each object, or replaces it when it exists (with
 * the stored resourceVersion, so the server's optimistic concurrency applies); models first.
 * Prints one line per object as kubectl: {@code created}, {@code configured} or
 * {@code unchanged} (the server keeps the version of a replace that changes nothing).
 */
@Command(name = "apply", description = {"Create or replace devices, device models and device statuses from YAML.",
    "Replaces the whole object (not kubectl's three-way merge); a stored status is kept."})
final class ApplyCommand extends CtlCall {

  /**
   * Set by the server whatever a document says (API.md §5 create); dropped, so a file saved with
   * {@code get -o yaml} applies again (its uid would otherwise be refused as immutable).
   */
  private static final List<String> SERVER_SET = List.of("uid", "resourceVersion", "generation", "creationTimestamp");

  /** A concurrent writer between our GET and PUT: read again, a few times, as kubectl does. */
  private static final int CONFLICT_ATTEMPTS = 3;

  @Option(names = {"-f", "--filename"}, paramLabel = "FILE|DIR|-", required = true,
      description = "A YAML (multi-document) or JSON file, a directory of them, or - for standard input.")
  String file;

  @Option(names = {"-n", "--namespace"}, paramLabel = "NS",
      description = "Namespace of objects that name none (default: default).")
  String namespace;

  @Override
  int run() {
    ApiClient api = writingClient();
    List<Manifests.Manifest> manifests = Manifests.inApplyOrder(Manifests.read(file, System.in));
    manifests.forEach(m -> Manifests.namespaceOf(m, namespace)); // every mistake before the first write
    int code = 0;
    for (Manifests.Manifest manifest : manifests) {
      try {
        out().println(apply(api, manifest));
      } catch (CtlException e) {
        err().println("vertedge: " + e.getMessage());
        code = CtlException.FAILED;
      }
    }
    return code;
  }

  private String apply(ApiClient api, Manifests.Manifest manifest) {
    String ns = Manifests.namespaceOf(manifest, namespace);
    Resource resource = manifest.resource().with(List.of("metadata", "namespace"), ns);
    for (String field : SERVER_SET) {
      resource = resource.with(List.of("metadata", field), null);
    }
    ResourceType type = ResourceType.of(resource.kind());
    String name = ResourceType.qualifiedName(resource.kind(), resource.name());
    for (int attempt = 1; ; attempt++) {
      ApiClient.Response current = api.get(type.object(ns, resource.name()));
      if (current.status() == 404) {
        ApiClient.Response created = api.send("POST", type.collection(ns), resource.toJson());
        if (created.status() == 409 && attempt < CONFLICT_ATTEMPTS) {
          continue; // made by someone else meanwhile: replace it
        }
        warn(api.expectOk(created));
        return name + " created";
      }
      String version = api.expectOk(current).json().getJsonObject("metadata").getString("resourceVersion");
      ApiClient.Response replaced = api.send("PUT", type.object(ns, resource.name()),
          resource.with(List.of("metadata", "resourceVersion"), version).toJson());
      if (replaced.status() == 409 && attempt < CONFLICT_ATTEMPTS) {
        continue;
      }
      warn(api.expectOk(replaced));
      String after = replaced.json().getJsonObject("metadata").getString("resourceVersion");
      return name + (version.equals(after) ? " unchanged" : " configured");
    }
  }

  private void warn(ApiClient.Response response) {
    response.warnings().forEach(w -> err().println("Warning: " + w));
  }
}
