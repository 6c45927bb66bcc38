"""Rounds: parcels put on a courier's round, by staff in bulk or by the courier's scan."""
