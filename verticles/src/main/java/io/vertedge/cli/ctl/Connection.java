package io.vertedge.cli.ctl;

import io.vertedge.config.DataDirs;
import io.vertedge.runtime.EndpointsFile;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Stack;
import picocli.CommandLine.IParameterConsumer;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * {@code --server URL} and {@code --edge [URL]}: which API a ctl command talks to. Without
 * either, the cloud API named in the local cloud's {@code endpoints.json} (API.md §3; the demo's
 * too), else {@code http://127.0.0.1:8080}; {@code --edge} alone likewise finds the local edge,
 * else {@code http://127.0.0.1:7777}.
 */
final class Connection {

  static final String CLOUD_DEFAULT = "http://127.0.0.1:8080";
  static final String EDGE_DEFAULT = "http://127.0.0.1:7777";

  @Option(names = "--server", paramLabel = "URL",
      description = "The cloud API (default: \"api\" of the local cloud's endpoints.json, else " + CLOUD_DEFAULT + ").")
  String server;

  @Option(names = "--edge", paramLabel = "URL", arity = "0..1", parameterConsumer = EdgeUrl.class,
      description = "Read the edge API instead, as this edge knows things, also while the cloud is down "
          + "(default URL: \"api\" of the local edge's endpoints.json, else " + EDGE_DEFAULT + "). Reads only.")
  String edge;

  boolean edgeRequested() {
    return edge != null;
  }

  ApiClient client(Map<String, String> env) {
    if (server != null && edge != null) {
      throw CtlException.usage("--server and --edge exclude each other: --server names the cloud API, "
          + "--edge reads the edge API");
    }
    if (edge != null) {
      return edge.isEmpty() ? new ApiClient(ApiClient.Side.EDGE, discovered("edge", env, EDGE_DEFAULT))
          : new ApiClient(ApiClient.Side.EDGE, new Target(url("--edge", edge), ""));
    }
    return server == null ? new ApiClient(ApiClient.Side.CLOUD, discovered("cloud", env, CLOUD_DEFAULT))
        : new ApiClient(ApiClient.Side.CLOUD, new Target(url("--server", server), ""));
  }

  /** The base URL of an API and the endpoints.json it came from ("" for an option or the default), for messages. */
  record Target(String url, String origin) { }

  /** The side's own data directory first, then the demo's, as the runtimes lay them out. */
  static Target discovered(String side, Map<String, String> env, String fallback) {
    return discovered(List.of(DataDirs.defaultFor(side, env), DataDirs.defaultFor("demo", env).resolve(side)),
        fallback);
  }

  static Target discovered(List<Path> dataDirs, String fallback) {
    for (Path dir : dataDirs) {
      Path file = dir.resolve(EndpointsFile.NAME);
      String api = apiOf(file);
      if (api != null) {
        return new Target(api, file.toString());
      }
    }
    return new Target(fallback, "");
  }

  // a missing or unreadable file is no error: the runtime may simply not run here
  private static String apiOf(Path file) {
    if (!Files.isRegularFile(file)) {
      return null;
    }
    try {
      String api = new JsonObject(Files.readString(file, StandardCharsets.UTF_8)).getString("api");
      return api != null && isHttpUrl(api) ? strip(api) : null;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  private static String url(String option, String text) {
    if (!isHttpUrl(text)) {
      throw CtlException.usage(option + ": \"" + text + "\" is not an http(s) URL (e.g. " + CLOUD_DEFAULT + ")");
    }
    return strip(text);
  }

  static boolean isHttpUrl(String text) {
    try {
      URI uri = URI.create(text);
      return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static String strip(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  /**
   * {@code --edge} takes the next argument only when it is a URL, so {@code --edge get devices}
   * or {@code get devices --edge} read the local edge.
   */
  static final class EdgeUrl implements IParameterConsumer {
    @Override
    public void consumeParameters(Stack<String> args, ArgSpec argSpec, CommandSpec commandSpec) {
      boolean url = !args.isEmpty() && (args.peek().startsWith("http://") || args.peek().startsWith("https://"));
      argSpec.setValue(url ? args.pop() : "");
    }
  }
}
