"""Benchmarks (`make bench`): each module measures one thing beside a baseline taken in the same run."""
