"""Tests of the postal_sandbox package: the sandbox carrier, and what Antar installs."""
