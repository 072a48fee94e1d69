package io.weft.core.rule;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The SQL a rule is written in: Alibaba's rule SQL, or Flink SQL over Weft's typed product views. */
public enum RuleDialect {
    @JsonProperty("alibaba")
    ALIBABA,
    @JsonProperty("flink")
    FLINK
}
