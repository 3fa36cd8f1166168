-- Drafts under review: the candidate facts `/curate draft` found in an article, kept per server for
-- 24 hours so a curator can accept, edit or skip them one at a time and come back after a break.
-- `position` is the candidate shown now; a step is saved only from the position it was shown at.
CREATE TABLE reviews (
    scope TEXT NOT NULL,
    id TEXT NOT NULL,
    created_by TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    position INTEGER NOT NULL,
    body TEXT NOT NULL,
    PRIMARY KEY (scope, id)
);
