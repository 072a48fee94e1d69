package io.weft.controlplane.scene;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * A comparison of a value of the triggering message ({@code property}: a property of a property post, an output
 * parameter of an event post) with a constant; a scene's conditions must all hold.
 */
public record SceneCondition(String property, Operator operator, JsonNode value) {

    /** The comparisons, written as in the scene ({@code ==}) and as in rule SQL ({@code =}). */
    public enum Operator {
        GT(">", ">"), GE(">=", ">="), LT("<", "<"), LE("<=", "<="), EQ("==", "="), NE("!=", "<>");

        private final String symbol;
        private final String sql;

        Operator(String symbol, String sql) {
            this.symbol = symbol;
            this.sql = sql;
        }

        @JsonValue
        public String symbol() {
            return symbol;
        }

        public String sql() {
            return sql;
        }

        public static Optional<Operator> of(String symbol) {
            return Arrays.stream(values()).filter(o -> o.symbol.equals(symbol)).findFirst();
        }

        @JsonCreator
        static Operator fromJson(String symbol) {
            return of(symbol).orElseThrow(() -> new IllegalArgumentException("not an operator: " + symbol));
        }
    }
}
