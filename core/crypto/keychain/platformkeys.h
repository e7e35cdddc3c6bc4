#pragma once

#include "crypto/keystore.h"

namespace rd {

class Database;

// The data key loader used by the desktop app and the CLI, so both open the same secrets.
// The first time a key is needed it goes to the OS keychain when one answers (unless
// RECRUITDESK_KEYCHAIN=off), otherwise to "<database>.key" wrapped with the passphrase from
// RECRUITDESK_KEY_PASSPHRASE (empty when unset). The choice is recorded in the database's
// meta table (key_source) and used from then on.
crypto::SecretBox::KeyLoader platformKeyLoader(Database& db, const QString& dbPath);

} // namespace rd
