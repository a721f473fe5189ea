// The system SQLite (libsqlite3-dev), used directly by the Storage module.
#include <sqlite3.h>

// SQLITE_TRANSIENT is a macro casting -1 to a function pointer, which Swift cannot import;
// this constant gives Swift the same value (SQLite copies the bound bytes before returning).
static const sqlite3_destructor_type csqlite_transient = (sqlite3_destructor_type)-1;
