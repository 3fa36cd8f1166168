-- Channels where a server's admins switched on answering every message (not only mentions).
CREATE TABLE answer_channels (
    guild_id TEXT NOT NULL,
    channel_id TEXT NOT NULL,
    added_by TEXT NOT NULL,
    added_at TEXT NOT NULL,
    PRIMARY KEY (guild_id, channel_id)
);
