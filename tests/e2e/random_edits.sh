#!/bin/sh
# Random edits of the Network's site (tests/e2e/random_edits.py): after each, the incremental build with
# the downloads, checking itself in verify mode, gives the bytes of a clean build. RANDOM_EDITS edits
# (default 30; make test-long: 500), seeded by RANDOM_EDITS_SEED (default: a new seed, printed);
# RANDOM_EDITS_KINDS draws only some kinds, RANDOM_EDITS_KEEP=1 keeps the work folder.
exec python3 tests/e2e/random_edits.py --jisite "$JISITE" --edits "${RANDOM_EDITS:-30}" \
	${RANDOM_EDITS_SEED:+--seed "$RANDOM_EDITS_SEED"} ${RANDOM_EDITS_KINDS:+--kinds "$RANDOM_EDITS_KINDS"} \
	${RANDOM_EDITS_KEEP:+--keep}
