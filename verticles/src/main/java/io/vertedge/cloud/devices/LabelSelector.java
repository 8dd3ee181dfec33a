package io.vertedge.cloud.devices;

import io.vertedge.api.ApiException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * A Kubernetes label selector ({@code ?labelSelector=}): requirements separated by commas, all
 * of which must hold: {@code key=value}, {@code key==value}, {@code key!=value},
 * {@code key in (a,b)}, {@code key notin (a,b)}, {@code key} (exists), {@code !key} (does not
 * exist), {@code key>5}, {@code key<5}. {@code !=} and {@code notin} also match objects without
 * the label, as in Kubernetes. A malformed selector is a 400 naming what was found.
 */
public final class LabelSelector {

  private static final Pattern KEY = Pattern.compile(
      "([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]");
  private static final Pattern VALUE = Pattern.compile("(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?");

  enum Operator { EQUALS, NOT_EQUALS, IN, NOT_IN, EXISTS, DOES_NOT_EXIST, GREATER_THAN, LESS_THAN }

  record Requirement(String key, Operator operator, Set<String> values) {

    boolean matches(Map<String, String> labels) {
      String value = labels.get(key);
      return switch (operator) {
        case EQUALS, IN -> value != null && values.contains(value);
        case NOT_EQUALS, NOT_IN -> value == null || !values.contains(value);
        case EXISTS -> value != null;
        case DOES_NOT_EXIST -> value == null;
        case GREATER_THAN, LESS_THAN -> value != null && compares(value);
      };
    }

    private boolean compares(String value) {
      try {
        long have = Long.parseLong(value);
        long bound = Long.parseLong(values.iterator().next());
        return operator == Operator.GREATER_THAN ? have > bound : have < bound;
      } catch (NumberFormatException e) {
        return false;
      }
    }
  }

  /** Selects everything. */
  public static final LabelSelector EVERYTHING = new LabelSelector(List.of());

  private final List<Requirement> requirements;

  private LabelSelector(List<Requirement> requirements) {
    this.requirements = List.copyOf(requirements);
  }

  /** The selector of {@code text}; {@link #EVERYTHING} for null or blank. */
  public static LabelSelector parse(String text) {
    if (text == null || text.isBlank()) {
      return EVERYTHING;
    }
    return new LabelSelector(new Parser(text).requirements());
  }

  public boolean matches(Map<String, String> labels) {
    return requirements.stream().allMatch(r -> r.matches(labels));
  }

  List<Requirement> requirements() {
    return requirements;
  }

  /** A recursive-descent reader of the selector grammar, one requirement at a time. */
  private static final class Parser {

    private final String text;
    private int at;

    Parser(String text) {
      this.text = text;
    }

    List<Requirement> requirements() {
      List<Requirement> found = new ArrayList<>();
      do {
        found.add(requirement());
        skipSpaces();
      } while (accept(","));
      if (at < text.length()) {
        throw invalid("found '" + text.substring(at) + "', expected: ',' or end of string");
      }
      return found;
    }

    private Requirement requirement() {
      skipSpaces();
      if (accept("!")) {
        return new Requirement(key(), Operator.DOES_NOT_EXIST, Set.of());
      }
      String key = key();
      skipSpaces();
      if (at >= text.length() || text.charAt(at) == ',') {
        return new Requirement(key, Operator.EXISTS, Set.of());
      }
      if (accept("==") || accept("=")) {
        return new Requirement(key, Operator.EQUALS, Set.of(value()));
      }
      if (accept("!=")) {
        return new Requirement(key, Operator.NOT_EQUALS, Set.of(value()));
      }
      if (accept(">") || accept("<")) {
        Operator operator = text.charAt(at - 1) == '>' ? Operator.GREATER_THAN : Operator.LESS_THAN;
        String bound = value();
        if (!bound.matches("-?[0-9]+")) {
          throw invalid("for 'Gt', 'Lt' operators, the value must be an integer");
        }
        return new Requirement(key, operator, Set.of(bound));
      }
      String word = word();
      if (word.equals("in") || word.equals("notin")) {
        return new Requirement(key, word.equals("in") ? Operator.IN : Operator.NOT_IN, set());
      }
      throw invalid("found '" + word + "', expected: in, notin, =, ==, !=, gt, lt");
    }

    private Set<String> set() {
      skipSpaces();
      if (!accept("(")) {
        throw invalid("found '" + rest() + "', expected: '('");
      }
      Set<String> values = new TreeSet<>();
      do {
        values.add(value());
        skipSpaces();
      } while (accept(","));
      if (!accept(")")) {
        throw invalid("found '" + rest() + "', expected: ',' or ')'");
      }
      return values;
    }

    private String key() {
      skipSpaces();
      String key = word();
      if (key.isEmpty()) {
        throw invalid("found '" + rest() + "', expected: identifier");
      }
      if (key.length() > 316 || !KEY.matcher(key).matches()) {
        throw invalid("key: Invalid value: \"" + key + "\": name part must consist of alphanumeric characters, "
            + "'-', '_' or '.', and must start and end with an alphanumeric character");
      }
      return key;
    }

    private String value() {
      skipSpaces();
      String value = word();
      if (value.length() > 63 || !VALUE.matcher(value).matches()) {
        throw invalid("values[0]: Invalid value: \"" + value + "\": a valid label must be an empty string or "
            + "consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric "
            + "character");
      }
      return value;
    }

    private String word() {
      int start = at;
      while (at < text.length() && " \t,()=!<>".indexOf(text.charAt(at)) < 0) {
        at++;
      }
      return text.substring(start, at);
    }

    private boolean accept(String token) {
      if (text.startsWith(token, at)) {
        at += token.length();
        return true;
      }
      return false;
    }

    private void skipSpaces() {
      while (at < text.length() && (text.charAt(at) == ' ' || text.charAt(at) == '\t')) {
        at++;
      }
    }

    private String rest() {
      return at < text.length() ? text.substring(at) : "end of string";
    }

    private ApiException invalid(String why) {
      return ApiException.badRequest("unable to parse requirement: " + why);
    }
  }
}
