-- A server's copy of a base fact or entity records which fields the server changed, so the base's
-- later changes to the other fields still reach that server. NULL: the whole row is the server's
-- (a fact or entity only the server has, and copies made before this migration).
-- 'phrasings+' / 'aliases+': the server added phrasings or names; the base's own still count.
ALTER TABLE facts ADD COLUMN overrides TEXT;
ALTER TABLE entities ADD COLUMN overrides TEXT;
