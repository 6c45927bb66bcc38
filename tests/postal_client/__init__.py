"""Tests of the postal_client package against the sandbox carrier."""
