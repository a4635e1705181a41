#!/bin/sh
# Random edits of the Network's site (tests/e2e/random_edits.py): after each, the incremental build with
# the downloads, checking itself in verify mode, gives the bytes of a clean build. RANDOM_EDITS edits
# (default 30; make test-long: 500), seeded by RANDOM_EDITS_SEED (default 1, so that make test always
# makes the same edits; "random" draws a new seed, printed; make test-long does);
# RANDOM_EDITS_KINDS draws only some kinds, RANDOM_EDITS_KEEP=1 keeps the work folder.
seed=${RANDOM_EDITS_SEED:-1}
[ "$seed" = random ] && seed=
exec python3 tests/e2e/random_edits.py --jisite "$JISITE" --edits "${RANDOM_EDITS:-30}" \
	${seed:+--seed "$seed"} ${RANDOM_EDITS_KINDS:+--kinds "$RANDOM_EDITS_KINDS"} \
	${RANDOM_EDITS_KEEP:+--keep}
