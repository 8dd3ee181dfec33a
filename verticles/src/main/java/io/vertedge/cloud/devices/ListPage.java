package io.vertedge.cloud.devices;

import io.vertedge.devices.model.Resource;

import java.util.List;

/**
 * One page of a list.
 *
 * @param resourceVersion the registry's version when the page was read: a watch from it misses nothing
 * @param continueToken   the token for the next page, or null on the last one
 * @param remaining       how many more objects match after this page (0 on the last one)
 */
public record ListPage(List<Resource> items, long resourceVersion, String continueToken, long remaining) {

  public ListPage {
    items = List.copyOf(items);
  }
}
