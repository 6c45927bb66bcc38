"""Accounts of staff and couriers: signing in with a lockout, and the API tokens they hold."""
