"""The resident's lookup: a code and a birth date in, what they may know of their parcel out."""
