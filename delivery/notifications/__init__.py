"""Messages to residents about their parcel, and the gateways that carry them."""
