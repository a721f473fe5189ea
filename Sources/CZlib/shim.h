// The system zlib (zlib1g-dev): gzip for Anvil-compatible state dumps (anvil_dumpState / anvil_loadState).
#include <zlib.h>
