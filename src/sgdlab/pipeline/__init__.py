"""Shared plumbing of every rule: data files, subsample, job wrapper, writes, plots, records."""
