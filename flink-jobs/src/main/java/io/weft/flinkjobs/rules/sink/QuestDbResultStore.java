package io.weft.flinkjobs.rules.sink;

import io.weft.core.store.ResultTables;
import io.weft.core.store.ResultWriter;
import io.weft.core.store.questdb.QuestDbResultTables;
import io.weft.core.store.questdb.QuestDbWriter;

/** QuestDB at {@code httpAddress} (host:port of its HTTP endpoint, for SQL and ILP) as the rules' result store. */
public record QuestDbResultStore(String httpAddress) implements ResultStore {

    @Override
    public ResultTables tables() {
        return new QuestDbResultTables(httpAddress);
    }

    @Override
    public ResultWriter writer() {
        return new QuestDbWriter(httpAddress);
    }
}
