// The `latency` check kind (not yet implemented).
