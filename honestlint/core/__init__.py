"""The domain core every stage shares: what a listing, a finding and a rule are, the categories
and severities, selectors, the version and the cache directory. It imports nothing of the rest
of the package, so every stage may import it."""
