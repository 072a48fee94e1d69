package io.weft.controlplane.rule;

import tools.jackson.databind.JsonNode;

/**
 * A rule as {@code POST} and {@code PUT /api/v1/rules} take it. {@code id}: optional on create (one is generated),
 * must match the path on update; {@code dialect}: {@code alibaba} (default) or {@code flink}; {@code destinations}:
 * a JSON array of destinations, each with its {@code type}; {@code errorDestination}: one destination, optional.
 */
public record RuleRequest(String id, String name, String dialect, String productKey, String sql,
                          JsonNode destinations, JsonNode errorDestination) {
}
