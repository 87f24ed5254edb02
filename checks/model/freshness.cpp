// The `freshness` check kind (not yet implemented).
