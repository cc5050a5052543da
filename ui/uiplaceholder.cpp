// Replaced by the first real widget source.
