-- Like events_cluster: "url = ?" cannot use a partial index, so look-ups by
-- address scanned every article.
DROP INDEX articles_url;
CREATE INDEX articles_url ON articles (url);
