/**
 * Rule SQL: parsing (Calcite), validation against the thing model and translation to Flink SQL. The rules work
 * (issue 4) builds here; the module exists now so the reactor has its final shape.
 */
package io.weft.sqlrules;
