-- edu-migrate bench: flushes dirty buffers between methods, so one method's writes are not paid
-- for by the next (untimed). Runs on the maintenance database.
CHECKPOINT
