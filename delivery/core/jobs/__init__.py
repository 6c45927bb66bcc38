"""Background work: the tasks features register, the outbox (the one hand-off), the queue, the
worker and the periodic round."""
