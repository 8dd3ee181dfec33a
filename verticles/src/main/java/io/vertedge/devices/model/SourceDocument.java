package io.vertedge.devices.model;

import java.util.List;
import java.util.Map;

/**
 * One document as read from text, before its {@code apiVersion} and {@code kind} are checked.
 *
 * @param tree            the frozen tree
 * @param duplicateFields paths of fields given more than once (the last was kept)
 * @param origin          where it came from, for messages ({@code document 2 (line 14)}), or empty
 */
record SourceDocument(Map<String, Object> tree, List<String> duplicateFields, String origin) { }
