-- How many changes each part of the knowledge has had, so every process sharing the database
-- (bot shards, the CLI) can tell what changed under it and reload only that: `name` is a scope
-- ('' = base, a server id) or '#channels' / '#settings'.
CREATE TABLE change_marks (
    name TEXT PRIMARY KEY,
    version BIGINT NOT NULL
);

-- Each user's public-reply budget when several bot processes share one database: a fixed window
-- starting at `window_start` (milliseconds since the epoch) in which `used` replies were spent.
CREATE TABLE reply_budget (
    user_id TEXT PRIMARY KEY,
    window_start BIGINT NOT NULL,
    used INTEGER NOT NULL
);
