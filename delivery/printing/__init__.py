"""Printing: parcels become label data for the labels library, in the office's style."""
