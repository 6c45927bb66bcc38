"""Infrastructure with no domain rule: settings, database, clock, errors, i18n, JSON, logs."""
