package io.vertedge.cloud.devices;

import io.vertedge.api.ApiException;
import io.vertedge.devices.model.Admitted;
import io.vertedge.devices.model.FieldValidation;
import io.vertedge.devices.model.Resource;
import io.vertedge.devices.model.ResourceKind;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * {@code /apis/devices.kubeedge.io/v1beta1/...}: devicemodels, devices and devicestatuses as the
 * Kubernetes apiserver serves custom resources (API.md section 5): create, get, list (selectors,
 * pages) and watch, replace, merge and JSON patch, delete, and the {@code status} subresource
 * of devices and device statuses; JSON or YAML both ways. Failures leave as {@code Status}.
 */
public final class DeviceRoutes {

  /** The group and version every route is under. */
  public static final String BASE = "/apis/" + ResourceKind.API_VERSION;
  static final long MAX_BODY = 3L << 20;
  static final Duration DEFAULT_WATCH_TIMEOUT = Duration.ofMinutes(30);
  /** As the apiserver: about once a minute. */
  public static final Duration DEFAULT_BOOKMARK_INTERVAL = Duration.ofMinutes(1);
  private static final int GENERATE_NAME_ATTEMPTS = 8;

  private final DeviceRegistry registry;
  private final ObjectWrites writes;
  private final Duration bookmarkInterval;
  private final List<Consumer<Router>> alongside = new ArrayList<>();

  /** @param bookmarkInterval how often a watch that allows bookmarks gets one */
  public DeviceRoutes(DeviceRegistry registry, Clock clock, Duration bookmarkInterval) {
    this.registry = registry;
    this.writes = new ObjectWrites(clock);
    this.bookmarkInterval = bookmarkInterval;
  }

  /** Routes of a feature built on devices (the twins), mounted with these. */
  public DeviceRoutes alongside(Consumer<Router> routes) {
    alongside.add(routes);
    return this;
  }

  public void mount(Router router) {
    alongside.forEach(routes -> routes.accept(router));
    BodyHandler body = BodyHandler.create(false).setBodyLimit(MAX_BODY);
    String collection = BASE + "/namespaces/:namespace/:resource";
    String object = collection + "/:name";
    router.get(BASE + "/:resource").handler(this::list);
    router.get(collection).handler(this::list);
    router.post(collection).handler(body).handler(this::create);
    router.get(object).handler(this::get);
    router.put(object).handler(body).handler(ctx -> replace(ctx, false));
    router.patch(object).handler(body).handler(ctx -> patch(ctx, false));
    router.delete(object).handler(body).handler(this::delete);
    router.get(object + "/status").handler(ctx -> statusRoute(ctx, this::get));
    router.put(object + "/status").handler(body).handler(ctx -> statusRoute(ctx, c -> replace(c, true)));
    router.patch(object + "/status").handler(body).handler(ctx -> statusRoute(ctx, c -> patch(c, true)));
  }

  private void list(RoutingContext ctx) {
    ResourceKind kind = kind(ctx);
    String namespace = ctx.pathParam("namespace");
    ListQuery query = ListQuery.of(kind, namespace, param(ctx, "labelSelector"), param(ctx, "fieldSelector"),
        param(ctx, "limit"), param(ctx, "continue"));
    if (isTrue(param(ctx, "watch"))) {
      WatchStream.open(ctx, registry, query, version(param(ctx, "resourceVersion")), new WatchStream.Timing(
          timeout(param(ctx, "timeoutSeconds")), bookmarkInterval, isTrue(param(ctx, "allowWatchBookmarks"))));
      return;
    }
    MediaTypes.wantsYaml(ctx);
    here(ctx, registry.list(query))
        .onSuccess(page -> MediaTypes.replyList(ctx, kind, page))
        .onFailure(ctx::fail);
  }

  private void get(RoutingContext ctx) {
    MediaTypes.wantsYaml(ctx);
    here(ctx, registry.get(key(ctx)))
        .onSuccess(resource -> MediaTypes.reply(ctx, 200, resource, List.of()))
        .onFailure(ctx::fail);
  }

  private void create(RoutingContext ctx) {
    ResourceKind kind = kind(ctx);
    FieldValidation fieldValidation = FieldValidation.parse(param(ctx, "fieldValidation"));
    MediaTypes.wantsYaml(ctx);
    Resource given = inNamespace(MediaTypes.read(ctx, kind), ctx.pathParam("namespace"));
    Admitted<Resource> admitted = fieldValidation.apply(given);
    here(ctx, create(admitted, GENERATE_NAME_ATTEMPTS))
        .onSuccess(written -> MediaTypes.reply(ctx, 201, written.object(), written.warnings()))
        .onFailure(ctx::fail);
  }

  // a generated name that is taken is generated again, a few times
  private Future<Mutation.Written> create(Admitted<Resource> admitted, int attempts) {
    Resource resource = admitted.resource();
    String prefix = resource.metadata().generateName();
    boolean generate = (resource.name() == null || resource.name().isEmpty()) && prefix != null && !prefix.isEmpty();
    if (generate) {
      resource = resource.with(List.of("metadata", "name"), SystemFields.generatedName(prefix));
    }
    String name = resource.name() == null ? "" : resource.name();
    Future<Mutation.Written> written = registry.write(new ObjectKey(resource.kind(), resource.namespace(), name),
        writes.create(new Admitted<>(resource, admitted.warnings())));
    return !generate || attempts <= 1 ? written : written.recover(failure ->
        failure instanceof ApiException api && api.code() == 409 ? create(admitted, attempts - 1)
            : Future.failedFuture(failure));
  }

  private void replace(RoutingContext ctx, boolean status) {
    ObjectKey key = key(ctx);
    FieldValidation fieldValidation = FieldValidation.parse(param(ctx, "fieldValidation"));
    MediaTypes.wantsYaml(ctx);
    Resource given = inNamespace(MediaTypes.read(ctx, key.kind()), key.namespace());
    if (!key.name().equals(given.name())) {
      throw ResourceErrors.nameMismatch(given.name() == null ? "" : given.name(), key.name());
    }
    here(ctx, registry.write(key, writes.replace(fieldValidation.apply(given), status)))
        .onSuccess(written -> MediaTypes.reply(ctx, 200, written.object(), written.warnings()))
        .onFailure(ctx::fail);
  }

  private void patch(RoutingContext ctx, boolean status) {
    ObjectKey key = key(ctx);
    FieldValidation fieldValidation = FieldValidation.parse(param(ctx, "fieldValidation"));
    MediaTypes.wantsYaml(ctx);
    var patcher = Patches.of(ctx.request().getHeader("Content-Type"), ctx.body().asString());
    here(ctx, registry.write(key, writes.patch(key, patcher, fieldValidation, status)))
        .onSuccess(written -> MediaTypes.reply(ctx, 200, written.object(), written.warnings()))
        .onFailure(ctx::fail);
  }

  private void delete(RoutingContext ctx) {
    ObjectKey key = key(ctx);
    MediaTypes.wantsYaml(ctx);
    DeleteOptions options = DeleteOptions.of(ctx.body().asString());
    here(ctx, registry.write(key, writes.delete(options.uid(), options.resourceVersion())))
        .onSuccess(written -> MediaTypes.reply(ctx, 200, written.object(), List.of()))
        .onFailure(ctx::fail);
  }

  private void statusRoute(RoutingContext ctx, Consumer<RoutingContext> handler) {
    if (!ObjectWrites.hasStatus(kind(ctx))) {
      throw ApiException.notFound("the server could not find the requested resource");
    }
    handler.accept(ctx);
  }

  /** The request's namespace on an object that names none; 400 when it names another. */
  private static Resource inNamespace(Resource resource, String namespace) {
    if (resource.namespace() == null || resource.namespace().isEmpty()) {
      return resource.with(List.of("metadata", "namespace"), namespace);
    }
    if (!resource.namespace().equals(namespace)) {
      throw ResourceErrors.namespaceMismatch();
    }
    return resource;
  }

  private static ObjectKey key(RoutingContext ctx) {
    return new ObjectKey(kind(ctx), ctx.pathParam("namespace"), ctx.pathParam("name"));
  }

  private static ResourceKind kind(RoutingContext ctx) {
    String plural = ctx.pathParam("resource");
    return Arrays.stream(ResourceKind.values()).filter(k -> k.plural().equals(plural)).findFirst()
        .orElseThrow(() -> ApiException.notFound("the server could not find the requested resource"));
  }

  /** The registry answers on its own context; the request carries on on its own. */
  private static <T> Future<T> here(RoutingContext ctx, Future<T> future) {
    return Future.fromCompletionStage(future.toCompletionStage(), ctx.vertx().getOrCreateContext());
  }

  private static String param(RoutingContext ctx, String name) {
    return ctx.request().getParam(name);
  }

  private static boolean isTrue(String value) {
    return "true".equals(value) || "1".equals(value);
  }

  private static long version(String text) {
    if (text == null || text.isEmpty()) {
      return 0;
    }
    try {
      long version = Long.parseLong(text);
      if (version >= 0) {
        return version;
      }
    } catch (NumberFormatException e) {
      // the one message below
    }
    throw ApiException.badRequest("resourceVersion: Invalid value: \"" + text + "\": must be a non-negative integer");
  }

  private static Duration timeout(String text) {
    if (text == null || text.isEmpty()) {
      return DEFAULT_WATCH_TIMEOUT;
    }
    try {
      long seconds = Long.parseLong(text);
      if (seconds > 0) {
        return Duration.ofSeconds(seconds);
      }
    } catch (NumberFormatException e) {
      // the one message below
    }
    throw ApiException.badRequest("timeoutSeconds: Invalid value: \"" + text + "\": must be a positive integer");
  }
}
