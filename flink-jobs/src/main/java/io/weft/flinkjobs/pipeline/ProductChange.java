package io.weft.flinkjobs.pipeline;

/** A product's thing model as the registry topic announced it; {@code thingModel} is null when it was deleted. */
public record ProductChange(String productKey, String thingModel) {
}
