"""Offices: their profile (address, phone, counter hours) and the delivery rule they set."""
