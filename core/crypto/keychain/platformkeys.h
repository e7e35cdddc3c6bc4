#pragma once

#include "crypto/keylease.h"

#include <memory>

namespace rd {

// The data key loader used by the desktop app and the CLI, so both open the same workspace.
// It runs before the workspace file is opened (the file is encrypted with this key, decision
// 0023), so where the key lives is recorded next to the file in "<database>.key":
// - a passphrase-wrapped key (format 1, PassphraseKeyFile), passphrase from
//   RECRUITDESK_KEY_PASSPHRASE (empty when unset);
// - or a pointer to the OS keychain entry ({"v":2,"source":"keychain","account":...}).
// A new workspace goes to the keychain when one answers (unless RECRUITDESK_KEYCHAIN=off).
// A plain file from an earlier release keeps the source its meta table recorded (key_source,
// keychain account = its device id) and gets the pointer file.
crypto::SecretBox::KeyLoader platformKeyLoader(const QString& dbPath);
// The same key store under a KeyCustody: the key lease and remote wipe (decision 0024).
std::shared_ptr<crypto::KeyCustody> platformKeyCustody(const QString& dbPath, const Clock& clock = SystemClock::instance());

} // namespace rd
