package io.vertedge.link;

/** Why a link ended: the reason text and whether the peer (rather than this side) ended it. */
public record LinkClosed(String reason, boolean byPeer) { }
