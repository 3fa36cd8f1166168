-- Relations are data: what a fact can state and the words people use for it. Seeded from the
-- shipped vocabulary, edited by curators per scope ('' = base, a server id = that server's layer),
-- every version kept in relation_versions for history, like facts.
CREATE TABLE relations (
    scope TEXT NOT NULL DEFAULT '',
    id TEXT NOT NULL,
    version INTEGER NOT NULL CHECK (version >= 1),
    body TEXT NOT NULL,
    changed_at TEXT NOT NULL,
    changed_by TEXT NOT NULL,
    reason TEXT,
    PRIMARY KEY (scope, id)
);

CREATE TABLE relation_versions (
    scope TEXT NOT NULL DEFAULT '',
    id TEXT NOT NULL,
    version INTEGER NOT NULL,
    body TEXT NOT NULL,
    changed_at TEXT NOT NULL,
    changed_by TEXT NOT NULL,
    reason TEXT,
    PRIMARY KEY (scope, id, version)
);
