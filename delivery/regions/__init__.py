"""Indonesia's official regions: the dataset, checking addresses and population numbers
against it, and the address-quality check before dispatch."""
