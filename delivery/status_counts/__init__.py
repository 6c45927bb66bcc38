"""Counts of an office's documents and parcels per status, kept as they change (the table and
its triggers: delivery.models.counts), read without counting the office's history."""
