package io.weft.core.rule;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How urgent an alert is, from most to least. */
public enum Severity {
    @JsonProperty("critical")
    CRITICAL,
    @JsonProperty("major")
    MAJOR,
    @JsonProperty("minor")
    MINOR,
    @JsonProperty("warning")
    WARNING,
    @JsonProperty("info")
    INFO
}
