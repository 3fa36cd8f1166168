-- What each change of a part of the knowledge touched: one row per fact a change saved, or one row
-- with no fact when it changed anything else (entities, relations, blocs, an import). Another
-- process that sees a change mark move reads the facts it names and applies them to its index one
-- by one, instead of rebuilding the index from every stored fact (15 s at 100,000 facts). Only the
-- latest changes are kept: a process further behind rebuilds, as it always did.
CREATE TABLE change_log (
    name TEXT NOT NULL,
    version BIGINT NOT NULL,
    fact_id TEXT
);
CREATE INDEX change_log_by_version ON change_log (name, version);
