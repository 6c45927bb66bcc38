"""Accounts of staff, couriers and admins: creating and switching them off, passwords, signing
in with a lockout, and the API tokens integrators use."""
