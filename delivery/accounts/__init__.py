"""People who sign in (staff, couriers, admins) and the API tokens integrators use."""
