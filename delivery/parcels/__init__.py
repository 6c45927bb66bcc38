"""Parcels: their lifecycle, the events that move them, their codes, packing and lookups."""
