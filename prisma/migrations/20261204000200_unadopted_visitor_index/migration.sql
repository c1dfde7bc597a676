-- The identify that adopts a visitor's earlier events reads only those without a user
-- (decision 022). A partial index holds exactly them: the walk is bounded by the visitor's
-- unadopted events, not by every event it ever sent, and an event stored under a user
-- (every identified one, every one a linked visitor sends) costs no entry in it. Nothing
-- else reads events by visitor, so it replaces the full index. Prisma cannot state a
-- partial index and its schema engine does not see one: the schema keeps no index on
-- these columns, and the drift check passes (decision 022 says what guards it instead).

-- Dropped first, so the partitions' indexes of the new one take the plain generated names.
DROP INDEX "events_project_id_anonymous_id_idx";

-- On the partitioned table, whichever name it has (decision 016): an index on it is made on
-- every partition, and on each one attached later. The old table of an unfinished move
-- keeps its full index until the move drops it.
DO $$
DECLARE
  parent text;
BEGIN
  SELECT p.relname INTO parent FROM pg_inherits i
    JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent
    WHERE c.relname = 'events_default' AND c.relnamespace = current_schema()::regnamespace;
  EXECUTE format(
    'CREATE INDEX "events_unadopted_visitor_idx" ON %I ("project_id", "anonymous_id") WHERE "user_id" IS NULL',
    parent);
END
$$;
