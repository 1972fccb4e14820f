-- V1 indexed hookshot_message.url with a hash index. A hash index keeps every duplicate in its key's bucket, and an
-- insert walks the bucket's chain of overflow pages to find room: when one endpoint gathers many messages (the
-- common case: a few URLs, millions of messages) each insert reads the whole chain. With 200,000 rows of one URL,
-- 2,000 inserts read 1.45 million buffers (434 ms); without the index, 27,000 (18 ms).
-- A b-tree keeps duplicates cheap (deduplicated, new entries at the end), but its entries must fit a third of a page
-- and a URL may be longer, so it indexes md5(url); a search by URL matches md5(url) first, then the URL itself.
drop index hookshot_message_url;
create index hookshot_message_url_md5 on hookshot_message (md5(url));
