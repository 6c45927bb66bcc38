"""Dispatch: batches handed to the carrier, and the carrier's tracking events taken back."""
