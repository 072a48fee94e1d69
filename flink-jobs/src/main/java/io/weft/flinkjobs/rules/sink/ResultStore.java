package io.weft.flinkjobs.rules.sink;

import io.weft.core.store.ResultTables;
import io.weft.core.store.ResultWriter;
import java.io.Serializable;

/**
 * The time-series store that rules' store destinations write to, as a rule job carries it to its tasks: each task
 * opens its own {@link ResultTables} (to admit rows) and {@link ResultWriter} (to write them). QuestDB's is
 * {@link QuestDbResultStore}; another store (TDengine) is another implementation of the two core interfaces.
 */
public interface ResultStore extends Serializable {

    ResultTables tables();

    ResultWriter writer();
}
