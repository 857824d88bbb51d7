-- Fusion reads the clustered events of one kind whose date spans meet a
-- week. Those spanning at most 31 days start at most 31 days before the
-- week, a bounded range of events_kind_day; the few longer ones (a year,
-- a wide range) are found here by where they end.
CREATE INDEX events_long_span ON events (kind, day_to) WHERE day_to - day_from > 31;
