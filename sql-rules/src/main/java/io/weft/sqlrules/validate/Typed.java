package io.weft.sqlrules.validate;

/** An expression's type and how a message names it ("the text property 'label'", "the number 38"). */
record Typed(RuleType type, String description) {

    String describe() {
        return description;
    }
}
