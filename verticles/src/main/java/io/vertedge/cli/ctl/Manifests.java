package io.vertedge.cli.ctl;

import io.vertedge.api.ApiException;
import io.vertedge.devices.model.DeviceDocuments;
import io.vertedge.devices.model.Resource;
import io.vertedge.devices.model.ResourceKind;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The documents of {@code -f FILE|DIR|-}: a YAML stream (or one JSON object) per file, the
 * {@code .yaml}, {@code .yml} and {@code .json} files of a directory in name order (not its
 * subdirectories, as kubectl without {@code -R}), or standard input. Anything unreadable is a
 * usage error naming the file and, for YAML, the line.
 */
final class Manifests {

  private Manifests() { }

  /** A document and where it came from. */
  record Manifest(String source, Resource resource) { }

  static List<Manifest> read(String file, InputStream stdin) {
    List<Manifest> found = new ArrayList<>();
    if ("-".equals(file)) {
      found.addAll(parse("<stdin>", readStdin(stdin)));
    } else {
      Path path = Path.of(file);
      if (Files.isDirectory(path)) {
        for (Path member : members(path)) {
          found.addAll(parse(member.toString(), readFile(member)));
        }
      } else {
        found.addAll(parse(file, readFile(path)));
      }
    }
    if (found.isEmpty()) {
      throw CtlException.usage("no objects passed: " + ("-".equals(file) ? "standard input" : file)
          + " holds no Device, DeviceModel or DeviceStatus");
    }
    return found;
  }

  /** Models before the devices that need them, statuses last; in file order within a kind. */
  static List<Manifest> inApplyOrder(List<Manifest> manifests) {
    return manifests.stream().sorted(Comparator.comparingInt(m -> rank(m.resource().kind()))).toList();
  }

  /**
   * The namespace an object goes to: its own, else {@code -n}, else {@code default}. An object
   * naming another namespace than {@code -n} is refused, as kubectl does.
   */
  static String namespaceOf(Manifest manifest, String flag) {
    String own = manifest.resource().namespace();
    if (own == null || own.isEmpty()) {
      return flag == null ? "default" : flag;
    }
    if (flag != null && !flag.equals(own)) {
      throw CtlException.usage(manifest.source() + ": the namespace of the object (" + own
          + ") does not match -n " + flag + ": drop -n or change the file");
    }
    return own;
  }

  private static int rank(ResourceKind kind) {
    return switch (kind) {
      case DEVICE_MODEL -> 0;
      case DEVICE -> 1;
      case DEVICE_STATUS -> 2;
    };
  }

  private static List<Manifest> parse(String source, String text) {
    List<Resource> resources;
    try {
      resources = source.toLowerCase(Locale.ROOT).endsWith(".json") ? List.of(DeviceDocuments.readJson(text))
          : DeviceDocuments.readYaml(text);
    } catch (ApiException e) {
      throw CtlException.usage(source + ": " + e.getMessage());
    }
    List<Manifest> manifests = new ArrayList<>();
    for (Resource resource : resources) {
      if (resource.name() == null || resource.name().isEmpty()) {
        throw CtlException.usage(source + ": a " + resource.kind().kind() + " without metadata.name "
            + "(ctl needs the name to tell whether the object exists)");
      }
      manifests.add(new Manifest(source, resource));
    }
    return manifests;
  }

  private static List<Path> members(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(Files::isRegularFile)
          .filter(p -> p.getFileName().toString().matches("(?i).*\\.(ya?ml|json)"))
          .sorted().toList();
    } catch (IOException e) {
      throw CtlException.usage("-f " + dir + ": cannot list the directory (" + e.getMessage() + ")");
    }
  }

  private static String readFile(Path path) {
    try {
      return Files.readString(path, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw CtlException.usage("-f " + path + ": no such file or directory");
    } catch (IOException e) {
      throw CtlException.usage("-f " + path + ": cannot read (" + e.getClass().getSimpleName() + ": "
          + e.getMessage() + ")");
    }
  }

  private static String readStdin(InputStream stdin) {
    try {
      return new String(stdin.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw CtlException.usage("-f -: cannot read standard input (" + e.getMessage() + ")");
    }
  }
}
