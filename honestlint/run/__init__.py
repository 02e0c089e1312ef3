"""Stage 5: the run. Files found and excluded, listings read and linted (in worker processes
for big inputs), filtered (suppressions, per-file ignores, the baseline), cached between runs,
and fixes applied to files."""
