"""Changes the carrier must hear of for parcels it holds: what residents and staff decide after
dispatch (directions, a phone, a receiver, a day, a recall), sent by a job through the outbox."""
