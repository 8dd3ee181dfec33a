package io.vertedge.cloud.devices;

import io.vertedge.devices.model.Admitted;
import io.vertedge.devices.model.FieldError;
import io.vertedge.devices.model.FieldValidation;
import io.vertedge.devices.model.ModelLookup;
import io.vertedge.devices.model.Resource;
import io.vertedge.devices.model.ResourceKind;
import io.vertedge.devices.model.ResourceValidator;
import io.vertedge.devices.model.Validation;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * The apiserver's rules for writing custom resources, as {@link Mutation}s: create (409
 * AlreadyExists), replace (resourceVersion required, 409 Conflict when stale), patch
 * (resourceVersion optional), delete (optional preconditions), and the {@code status}
 * subresource of devices and device statuses, through which alone their status changes.
 * Every write is validated against the models as they stand; any error stores nothing.
 */
final class ObjectWrites {

  private final SystemFields system;

  ObjectWrites(Clock clock) {
    this.system = new SystemFields(clock);
  }

  /** Whether the kind's status changes only through {@code /status} (devices and device statuses). */
  static boolean hasStatus(ResourceKind kind) {
    return kind != ResourceKind.DEVICE_MODEL;
  }

  /** Stores a new object. A status given on create is kept: nothing else would set it before the edge reports. */
  Mutation create(Admitted<? extends Resource> admitted) {
    return (current, models) -> {
      Resource object = system.created(admitted.resource().with(List.of("metadata", "resourceVersion"), null));
      Validation validation = validate(object, models, false);
      if (current != null) {
        throw ResourceErrors.alreadyExists(object.kind(), object.name());
      }
      return Mutation.Outcome.store(object, warnings(admitted, validation));
    };
  }

  /** Replaces the object (PUT), or only its status ({@code status} true). */
  Mutation replace(Admitted<? extends Resource> admitted, boolean status) {
    return (current, models) -> {
      Resource given = admitted.resource();
      requireExisting(current, given);
      String version = given.metadata().resourceVersion();
      if (version == null || version.isEmpty()) {
        throw ResourceErrors.resourceVersionRequired(given);
      }
      return update(current, given, admitted.warnings(), status, models);
    };
  }

  /**
   * Patches the object, or only its status. A resourceVersion the patch sets must be the
   * current one; without it the patch applies to whatever is current.
   */
  Mutation patch(ObjectKey key, UnaryOperator<Resource> patcher, FieldValidation fieldValidation, boolean status) {
    return (current, models) -> {
      if (current == null) {
        throw ResourceErrors.notFound(key.kind(), key.name());
      }
      Resource patched = patcher.apply(current);
      if (!Objects.equals(patched.name(), current.name())) {
        throw ResourceErrors.nameMismatch(String.valueOf(patched.name()), current.name());
      }
      if (!Objects.equals(patched.namespace(), current.namespace())) {
        throw ResourceErrors.namespaceMismatch();
      }
      Admitted<Resource> admitted = fieldValidation.apply(patched);
      return update(current, admitted.resource(), admitted.warnings(), status, models);
    };
  }

  /** Deletes the object when the preconditions (null: none) hold. */
  Mutation delete(String uid, String resourceVersion) {
    return (current, models) -> {
      if (current != null && uid != null && !uid.equals(current.metadata().uid())) {
        throw ResourceErrors.preconditionFailed(current.kind(), current.name(), "UID", uid, current.metadata().uid());
      }
      String stored = current == null ? null : current.metadata().resourceVersion();
      if (current != null && resourceVersion != null && !resourceVersion.equals(stored)) {
        throw ResourceErrors.preconditionFailed(current.kind(), current.name(), "ResourceVersion", resourceVersion,
            stored);
      }
      return Mutation.Outcome.delete();
    };
  }

  private Mutation.Outcome update(Resource current, Resource given, List<String> fieldWarnings, boolean status,
                                  ModelLookup models) {
    String version = given.metadata().resourceVersion();
    if (version != null && !version.equals(current.metadata().resourceVersion())) {
      throw ResourceErrors.conflict(current.kind(), current.name());
    }
    String uid = given.metadata().uid();
    if (uid != null && !uid.isEmpty() && !uid.equals(current.metadata().uid())) {
      throw ResourceErrors.immutable(given, "metadata.uid", uid);
    }
    Resource next = status ? current.with(List.of("status"), given.get("status")) : mainUpdate(current, given);
    Validation validation = validate(next, models, status);
    return Mutation.Outcome.store(next, concat(fieldWarnings, validation.warnings()));
  }

  // the stored status stays (it changes through /status); any change outside metadata and status is a new generation
  private static Resource mainUpdate(Resource current, Resource given) {
    Resource next = hasStatus(current.kind()) ? given.with(List.of("status"), current.get("status")) : given;
    long generation = Objects.requireNonNullElse(current.metadata().generation(), 1L);
    if (!specOf(next).equals(specOf(current))) {
      generation++;
    }
    return SystemFields.kept(next, current, generation);
  }

  private static Map<String, Object> specOf(Resource resource) {
    Map<String, Object> rest = new LinkedHashMap<>(resource.document());
    rest.remove("metadata");
    rest.remove("status");
    return rest;
  }

  /** Errors refuse the write (422); a status write answers only for what it changes. */
  private static Validation validate(Resource object, ModelLookup models, boolean statusOnly) {
    Validation validation = new ResourceValidator(models).validate(object);
    if (statusOnly) {
      List<FieldError> ofStatus = validation.errors().stream().filter(e -> e.field().startsWith("status")).toList();
      validation = new Validation(ofStatus, validation.warnings().stream().filter(w -> w.startsWith("status")).toList());
    }
    validation.throwIfInvalid(object);
    return validation;
  }

  private static void requireExisting(Resource current, Resource given) {
    if (current == null) {
      throw ResourceErrors.notFound(given.kind(), given.name());
    }
  }

  private static List<String> warnings(Admitted<? extends Resource> admitted, Validation validation) {
    return concat(admitted.warnings(), validation.warnings());
  }

  private static List<String> concat(List<String> first, List<String> second) {
    List<String> all = new ArrayList<>(first);
    all.addAll(second);
    return all;
  }
}
