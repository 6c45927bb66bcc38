"""The privacy work that runs on a schedule."""

from delivery.privacy.retention import erase_expired_personal_data

PERIODIC = (erase_expired_personal_data,)
