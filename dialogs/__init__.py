"""Teams turn handling: the only package that knows the Bot Framework turn model."""
