package io.vertedge.cli.ctl;

import io.vertedge.devices.model.ResourceKind;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ctl delete TYPE NAME... [-n NS]} or {@code ctl delete -f FILE|DIR|-}: deletes each
 * object and says so as kubectl does; the objects of files in the reverse of apply's order
 * (devices before their models). A missing object is an error unless {@code --ignore-not-found}.
 * Deleting a node revokes its certificate and closes its link (API.md §4).
 */
@Command(name = "delete", description = "Delete devices, device models, device statuses or nodes, by name or as in files.")
final class DeleteCommand extends CtlCall {

  @Parameters(index = "0", arity = "0..1", paramLabel = "TYPE", converter = ResourceType.Converter.class,
      completionCandidates = ResourceType.Names.class, description = "One of: ${COMPLETION-CANDIDATES}.")
  ResourceType type;

  @Parameters(index = "1..*", paramLabel = "NAME", description = "The objects to delete.")
  List<String> names = new ArrayList<>();

  @Option(names = {"-f", "--filename"}, paramLabel = "FILE|DIR|-",
      description = "Delete the objects these files describe.")
  String file;

  @Option(names = {"-n", "--namespace"}, paramLabel = "NS",
      description = "Namespace (default: default; objects in files keep their own).")
  String namespace;

  @Option(names = "--ignore-not-found", description = "A missing object is no error.")
  boolean ignoreNotFound;

  /** One object to delete. */
  private record Target(String path, String deleted) { }

  @Override
  int run() {
    List<Target> targets = targets();
    ApiClient api = writingClient();
    int code = 0;
    for (Target target : targets) {
      ApiClient.Response answer = api.send("DELETE", target.path(), null);
      if (answer.ok()) {
        out().println(target.deleted());
      } else if (answer.status() == 404 && ignoreNotFound) {
        continue;
      } else {
        err().println("vertedge: " + ApiClient.message(answer));
        code = CtlException.FAILED;
      }
    }
    return code;
  }

  private List<Target> targets() {
    if (file != null) {
      if (type != null) {
        throw CtlException.usage("delete: give either -f FILE or TYPE NAME..., not both");
      }
      List<Manifests.Manifest> manifests = new ArrayList<>(Manifests.inApplyOrder(Manifests.read(file, System.in)));
      Collections.reverse(manifests);
      List<Target> targets = new ArrayList<>();
      for (Manifests.Manifest manifest : manifests) {
        targets.add(target(ResourceType.of(manifest.resource().kind()), Manifests.namespaceOf(manifest, namespace),
            manifest.resource().name()));
      }
      return targets;
    }
    if (type == null || names.isEmpty()) {
      throw CtlException.usage("delete: give TYPE NAME... (e.g. delete devices thermometer-1) or -f FILE");
    }
    return names.stream().map(name -> target(type, namespace == null ? "default" : namespace, name)).toList();
  }

  private static Target target(ResourceType type, String namespace, String name) {
    if (type == ResourceType.NODES) {
      return new Target("/api/v1/nodes/" + name, "node \"" + name + "\" deleted");
    }
    ResourceKind kind = type.kind();
    return new Target(type.object(namespace, name),
        kind.kind().toLowerCase(Locale.ROOT) + "." + ResourceKind.GROUP + " \"" + name + "\" deleted");
  }
}
