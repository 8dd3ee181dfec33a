package io.vertedge.cloud.devices;

import io.vertedge.api.ApiException;
import io.vertedge.devices.model.Device;
import io.vertedge.devices.model.Resource;
import io.vertedge.devices.model.ResourceKind;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A Kubernetes field selector ({@code ?fieldSelector=}): {@code field=value},
 * {@code field==value} or {@code field!=value}, separated by commas, all of which must hold.
 * Fields: {@code metadata.name}, {@code metadata.namespace}, and {@code spec.nodeName} on
 * devices. A backslash escapes {@code ,}, {@code =}, {@code !} and itself in values.
 */
public final class FieldSelector {

  record Term(String field, boolean equal, String value) { }

  /** Selects everything. */
  public static final FieldSelector EVERYTHING = new FieldSelector(List.of());

  private final List<Term> terms;

  private FieldSelector(List<Term> terms) {
    this.terms = List.copyOf(terms);
  }

  /** The selector of {@code text} for {@code kind}; 400 naming an unknown field or a term without an operator. */
  public static FieldSelector parse(String text, ResourceKind kind) {
    if (text == null || text.isBlank()) {
      return EVERYTHING;
    }
    List<Term> terms = new ArrayList<>();
    for (String part : split(text, ',')) {
      terms.add(term(part.trim(), kind));
    }
    return new FieldSelector(terms);
  }

  public boolean matches(Resource resource) {
    return terms.stream().allMatch(t -> Objects.equals(valueOf(resource, t.field()), t.value()) == t.equal());
  }

  static List<String> fields(ResourceKind kind) {
    return kind == ResourceKind.DEVICE ? List.of("metadata.name", "metadata.namespace", "spec.nodeName")
        : List.of("metadata.name", "metadata.namespace");
  }

  private static Term term(String text, ResourceKind kind) {
    List<String> sides;
    boolean equal = true;
    int notEqual = indexOfUnescaped(text, "!=");
    if (notEqual >= 0) {
      equal = false;
      sides = List.of(text.substring(0, notEqual), text.substring(notEqual + 2));
    } else {
      int eq = indexOfUnescaped(text, "==");
      int width = 2;
      if (eq < 0) {
        eq = indexOfUnescaped(text, "=");
        width = 1;
      }
      if (eq < 0) {
        throw ApiException.badRequest("invalid selector: '" + text + "'; can't understand '" + text + "'");
      }
      sides = List.of(text.substring(0, eq), text.substring(eq + width));
    }
    String field = sides.get(0).trim();
    if (!fields(kind).contains(field)) {
      throw ApiException.badRequest("\"" + field + "\" is not a known field selector: only "
          + fields(kind).stream().map(f -> "\"" + f + "\"").collect(Collectors.joining(", ")));
    }
    return new Term(field, equal, unescape(sides.get(1)));
  }

  private static String valueOf(Resource resource, String field) {
    return switch (field) {
      case "metadata.name" -> resource.name();
      case "metadata.namespace" -> resource.namespace();
      case "spec.nodeName" -> resource instanceof Device device ? device.nodeName() : null;
      default -> null;
    };
  }

  private static List<String> split(String text, char separator) {
    List<String> parts = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\\' && i + 1 < text.length()) {
        current.append(c).append(text.charAt(++i));
      } else if (c == separator) {
        parts.add(current.toString());
        current.setLength(0);
      } else {
        current.append(c);
      }
    }
    parts.add(current.toString());
    return parts;
  }

  private static int indexOfUnescaped(String text, String token) {
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) == '\\') {
        i++;
      } else if (text.startsWith(token, i)) {
        return i;
      }
    }
    return -1;
  }

  private static String unescape(String value) {
    StringBuilder out = new StringBuilder(value.length());
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '\\' && i + 1 < value.length()) {
        c = value.charAt(++i);
      }
      out.append(c);
    }
    return out.toString();
  }
}
