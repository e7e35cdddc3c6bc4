#include "pagecipher.h"

#include <botan/aead.h>
#include <botan/kdf.h>
#include <botan/loadstor.h>
#include <botan/mem_ops.h>
#include <botan/stream_cipher.h>
#include <botan/system_rng.h>

#include <atomic>
#include <cstring>
#include <mutex>

namespace rd::crypto {

namespace {
// The process's nonce counter: a random 96-bit start, the high 32 bits fixed, the low 64
// counted up (a wrap of 2^64 would need centuries of writes).
struct NonceSource {
    uint8_t prefix[4];
    std::atomic<uint64_t> counter;
    NonceSource()
    {
        Botan::System_RNG rng;
        uint8_t start[12];
        rng.randomize(start, sizeof start);
        std::memcpy(prefix, start, 4);
        counter = Botan::load_be<uint64_t>(start + 4, 0);
    }
    void next(uint8_t out[PageCipher::kNonce])
    {
        std::memcpy(out, prefix, 4);
        Botan::store_be(counter.fetch_add(1, std::memory_order_relaxed), out + 4);
    }
};
NonceSource& nonces()
{
    static NonceSource source;
    return source;
}
} // namespace

struct PageCipher::Impl {
    std::unique_ptr<Botan::AEAD_Mode> enc = Botan::AEAD_Mode::create_or_throw("AES-256/GCM", Botan::ENCRYPTION);
    std::unique_ptr<Botan::AEAD_Mode> dec = Botan::AEAD_Mode::create_or_throw("AES-256/GCM", Botan::DECRYPTION);
    Botan::secure_vector<uint8_t> buf;
};

PageCipher::PageCipher(const QByteArray& pageKey)
    : d(std::make_unique<Impl>())
{
    d->enc->set_key(reinterpret_cast<const uint8_t*>(pageKey.constData()), size_t(pageKey.size()));
    d->dec->set_key(reinterpret_cast<const uint8_t*>(pageKey.constData()), size_t(pageKey.size()));
}

PageCipher::~PageCipher() = default;

namespace {
// Associated data: the page number, then the bytes kept in the clear.
void setAd(Botan::AEAD_Mode& mode, uint32_t pageNumber, const uint8_t* clear, int skip)
{
    uint8_t ad[4 + 64];
    Botan::store_be(pageNumber, ad);
    std::memcpy(ad + 4, clear, size_t(skip));
    mode.set_associated_data(ad, size_t(4 + skip));
}
} // namespace

bool PageCipher::seal(const uint8_t* in, uint8_t* out, int size, int skip, uint32_t pageNumber)
{
    if (skip < 0 || skip > 64 || size < skip + kReserve)
        return false;
    const int body = size - kReserve - skip;
    uint8_t* nonce = out + size - kReserve;
    nonces().next(nonce);
    try {
        setAd(*d->enc, pageNumber, in, skip);
        d->enc->start(nonce, kNonce);
        d->buf.assign(in + skip, in + skip + body);
        d->enc->finish(d->buf);
    } catch (const std::exception&) {
        return false;
    }
    if (out != in)
        std::memcpy(out, in, size_t(skip));
    std::memcpy(out + skip, d->buf.data(), size_t(body));
    std::memcpy(out + size - kTag, d->buf.data() + body, kTag); // after the nonce
    return true;
}

bool PageCipher::open(uint8_t* page, int size, int skip, uint32_t pageNumber)
{
    if (skip < 0 || skip > 64 || size < skip + kReserve)
        return false;
    const int body = size - kReserve - skip;
    uint8_t nonce[kNonce];
    std::memcpy(nonce, page + size - kReserve, kNonce);
    try {
        setAd(*d->dec, pageNumber, page, skip);
        d->dec->start(nonce, kNonce);
        d->buf.resize(size_t(body) + kTag);
        std::memcpy(d->buf.data(), page + skip, size_t(body));
        std::memcpy(d->buf.data() + body, page + size - kTag, kTag);
        d->dec->finish(d->buf);
    } catch (const std::exception&) {
        return false;
    }
    std::memcpy(page + skip, d->buf.data(), size_t(body));
    std::memset(page + size - kReserve, 0, kReserve);
    return true;
}

struct TransientCipher::Impl {
    std::unique_ptr<Botan::StreamCipher> ctr = Botan::StreamCipher::create_or_throw("CTR-BE(AES-256)");
    Botan::secure_vector<uint8_t> stream;
};

TransientCipher::TransientCipher()
    : d(std::make_unique<Impl>())
{
    Botan::System_RNG rng;
    uint8_t key[32];
    uint8_t iv[16];
    rng.randomize(key, sizeof key);
    rng.randomize(iv, sizeof iv);
    iv[15] = 0; // counter runs in the low bytes; offsets below 2^40 never carry into the random part
    iv[14] = 0;
    iv[13] = 0;
    iv[12] = 0;
    iv[11] = 0;
    d->ctr->set_key(key, sizeof key);
    d->ctr->set_iv(iv, sizeof iv);
    Botan::secure_scrub_memory(key, sizeof key);
}

TransientCipher::~TransientCipher() = default;

void TransientCipher::apply(uint8_t* data, int size, int64_t offset)
{
    d->ctr->seek(uint64_t(offset));
    d->ctr->cipher1(data, size_t(size));
}

QByteArray hkdfSha256(const QByteArray& key, const QByteArray& salt, const QByteArray& info, int length)
{
    auto kdf = Botan::KDF::create_or_throw("HKDF(SHA-256)");
    const auto out = kdf->derive_key(size_t(length), reinterpret_cast<const uint8_t*>(key.constData()), size_t(key.size()),
        reinterpret_cast<const uint8_t*>(salt.constData()), size_t(salt.size()),
        reinterpret_cast<const uint8_t*>(info.constData()), size_t(info.size()));
    return { reinterpret_cast<const char*>(out.data()), qsizetype(out.size()) };
}

} // namespace rd::crypto
