"""Helpers of the command line (apps layer) kept out of cli.py: the --fix loop and the progress bar."""
