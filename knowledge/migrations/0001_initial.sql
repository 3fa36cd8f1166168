-- Facts, entities and blocs are stored as validated JSON bodies (the pydantic models), with the
-- columns needed for lookups alongside. `scope` is '' for the shared base and a server id for a
-- server's own layer. Every fact version is kept in fact_versions for history and rollback.
CREATE TABLE entities (
    scope TEXT NOT NULL DEFAULT '',
    id TEXT NOT NULL,
    body TEXT NOT NULL,
    PRIMARY KEY (scope, id)
);

CREATE TABLE blocs (
    scope TEXT NOT NULL DEFAULT '',
    id TEXT NOT NULL,
    body TEXT NOT NULL,
    PRIMARY KEY (scope, id)
);

CREATE TABLE facts (
    scope TEXT NOT NULL DEFAULT '',
    id TEXT NOT NULL,
    version INTEGER NOT NULL CHECK (version >= 1),
    subject TEXT NOT NULL,
    predicate TEXT NOT NULL,
    status TEXT NOT NULL,
    body TEXT NOT NULL,
    changed_at TEXT NOT NULL,
    changed_by TEXT NOT NULL,
    reason TEXT,
    PRIMARY KEY (scope, id)
);
CREATE INDEX facts_subject ON facts (scope, subject, predicate);

CREATE TABLE fact_versions (
    scope TEXT NOT NULL DEFAULT '',
    id TEXT NOT NULL,
    version INTEGER NOT NULL,
    body TEXT NOT NULL,
    changed_at TEXT NOT NULL,
    changed_by TEXT NOT NULL,
    reason TEXT,
    PRIMARY KEY (scope, id, version)
);

CREATE TABLE packs (
    id TEXT PRIMARY KEY,
    digest TEXT NOT NULL,
    loaded_at TEXT NOT NULL
);
