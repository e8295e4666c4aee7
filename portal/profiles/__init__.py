"""The customer-owned profile: fields, per-field visibility, notification preferences."""
