package io.vertedge.cloud.devices;

import io.vertedge.devices.model.ModelLookup;
import io.vertedge.devices.model.Resource;

import java.util.List;

/**
 * A change of one object, decided on the registry's context against the object as it stands,
 * so that the check and the write are one step: no other write comes between them. Refusing
 * is throwing an {@link io.vertedge.api.ApiException}; nothing is stored then.
 */
@FunctionalInterface
public interface Mutation {

  /**
   * @param current the object as accepted so far, or null when there is none
   * @param models  the DeviceModels as accepted so far, to validate devices against
   * @return what to store; its resourceVersion is the registry's to set
   */
  Outcome apply(Resource current, ModelLookup models);

  /**
   * What a mutation decided.
   *
   * @param object   the new object, or null to delete the current one
   * @param warnings sent with the answer ({@code Warning} headers)
   */
  record Outcome(Resource object, List<String> warnings) {

    public Outcome {
      warnings = List.copyOf(warnings);
    }

    static Outcome store(Resource object, List<String> warnings) {
      return new Outcome(object, warnings);
    }

    static Outcome delete() {
      return new Outcome(null, List.of());
    }
  }

  /**
   * What a write did.
   *
   * @param object  the object as stored (for a deletion: as it was, with the deletion's version)
   * @param created whether it did not exist before
   */
  record Written(Resource object, List<String> warnings, boolean created) {

    public Written {
      warnings = List.copyOf(warnings);
    }
  }
}
