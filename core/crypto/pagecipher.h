#pragma once

#include <QByteArray>

#include <cstdint>
#include <memory>

// Authenticated encryption of database pages for the encrypting SQLite VFS (core/store/cryptvfs,
// decision 0023). Botan stays behind this header, as behind crypto.h.
namespace rd::crypto {

// AES-256-GCM over one page image. The sealed form keeps the page's size: the last
// kReserve bytes (SQLite's reserved bytes per page) hold the nonce (12) and the tag (16).
// The page number is associated data, so a page moved to another place fails to open.
// Nonces are a random 96-bit starting point per process, counted up for every page sealed:
// two processes repeat a nonce only if their starting points fall within the number of
// pages either of them seals (about 2^-56 for a trillion pages).
// One object per open file: SQLite never uses one file handle from two threads at once.
class PageCipher {
public:
    static constexpr int kNonce = 12;
    static constexpr int kTag = 16;
    static constexpr int kReserve = kNonce + kTag;

    explicit PageCipher(const QByteArray& pageKey); // 32 bytes
    ~PageCipher();
    PageCipher(const PageCipher&) = delete;
    PageCipher& operator=(const PageCipher&) = delete;

    // Seals page `in` (size bytes) into `out`: bytes [skip, size - kReserve) are encrypted,
    // bytes [0, skip) are copied as they are and authenticated, the reserve gets nonce and tag.
    bool seal(const uint8_t* in, uint8_t* out, int size, int skip, uint32_t pageNumber);
    // Opens a sealed page in place; false when the tag does not match (wrong key, damage, a
    // page from elsewhere). The reserve comes back zeroed: SQLite never writes into it, so the
    // pages it hands back to seal carry zeros there too (WAL checksums cover them).
    bool open(uint8_t* page, int size, int skip, uint32_t pageNumber);

private:
    struct Impl;
    std::unique_ptr<Impl> d;
};

// AES-256-CTR for SQLite's transient files (sorter spill, temporary tables when they reach disk):
// a random key per file that lives only in memory, keystream positioned by byte offset.
// Confidentiality only; the file dies with the process.
class TransientCipher {
public:
    TransientCipher();
    ~TransientCipher();
    TransientCipher(const TransientCipher&) = delete;
    TransientCipher& operator=(const TransientCipher&) = delete;
    void apply(uint8_t* data, int size, int64_t offset);

private:
    struct Impl;
    std::unique_ptr<Impl> d;
};

// HKDF-SHA-256 (RFC 5869).
QByteArray hkdfSha256(const QByteArray& key, const QByteArray& salt, const QByteArray& info, int length = 32);

} // namespace rd::crypto
