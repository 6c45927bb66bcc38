"""Background work: the outbox (the one hand-off), the queue, the worker and the periodic round."""
