-- Questions the bot declined or answered with low confidence, per server, for /curate gaps.
-- Bounded: the store prunes old and excess rows, and a server can switch the log off.
CREATE TABLE question_gaps (
    guild_id TEXT NOT NULL,
    question TEXT NOT NULL,
    asked INTEGER NOT NULL DEFAULT 1,
    first_asked TEXT NOT NULL,
    last_asked TEXT NOT NULL,
    suggestion TEXT,
    PRIMARY KEY (guild_id, question)
);

CREATE TABLE guild_settings (
    guild_id TEXT PRIMARY KEY,
    gaps_enabled INTEGER NOT NULL DEFAULT 1,
    admin_role_id TEXT,
    mod_log_channel_id TEXT
);
