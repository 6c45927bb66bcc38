"""The doorstep: checking who receives a parcel and recording a delivery or a failed attempt."""
