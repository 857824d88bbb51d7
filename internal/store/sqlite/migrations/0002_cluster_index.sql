-- A partial index cannot serve "cluster_id = ?" with a bound parameter:
-- index every event's cluster id.
DROP INDEX events_cluster;
CREATE INDEX events_cluster ON events (cluster_id);
