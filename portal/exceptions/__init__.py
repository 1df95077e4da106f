"""The office's register of exceptions to confidentiality (imminent risk of serious harm)."""
