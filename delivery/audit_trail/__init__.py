"""Reading an office's audit trail: filtered by person, parcel, action and date, or as CSV."""
