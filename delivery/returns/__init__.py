"""Returns: parcels that come back to the office, received, handed over or sent again."""
