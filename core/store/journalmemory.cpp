#include "journalmemory.h"

#include <QtGlobal>

#include <algorithm>
#include <cstring>

#ifdef Q_OS_WIN
#include <windows.h>
#else
#include <sys/mman.h>
#endif

namespace rd::cryptvfs {

bool JournalMemory::grow(size_t n)
{
    if (n <= m_size)
        return true;
    if (n > m_capacity)
        return false;
    if (!m_base) {
#ifdef Q_OS_WIN
        void* p = VirtualAlloc(nullptr, m_capacity, MEM_RESERVE, PAGE_NOACCESS);
        if (!p)
            return false;
#else
        int flags = MAP_PRIVATE | MAP_ANONYMOUS;
#ifdef MAP_NORESERVE
        flags |= MAP_NORESERVE;
#endif
        void* p = mmap(nullptr, m_capacity, PROT_READ | PROT_WRITE, flags, -1, 0);
        if (p == MAP_FAILED)
            return false;
        m_usable = m_capacity; // pages are the system's until first written
#endif
        m_base = static_cast<uint8_t*>(p);
    }
#ifdef Q_OS_WIN
    if (n > m_usable) {
        constexpr size_t kStep = 1024 * 1024;
        const size_t want = std::min(m_capacity, (n + kStep - 1) / kStep * kStep);
        if (!VirtualAlloc(m_base + m_usable, want - m_usable, MEM_COMMIT, PAGE_READWRITE))
            return false;
        m_usable = want;
    }
#endif
    // What a truncation left behind reads as zeros again; pages never written are zeros already.
    if (m_written > m_size)
        std::memset(m_base + m_size, 0, std::min(n, m_written) - m_size);
    m_size = n;
    m_written = std::max(m_written, n);
    return true;
}

void JournalMemory::release()
{
    if (!m_base)
        return;
#ifdef Q_OS_WIN
    VirtualFree(m_base, 0, MEM_RELEASE);
#else
    munmap(m_base, m_capacity);
#endif
    m_base = nullptr;
    m_size = 0;
    m_written = 0;
    m_usable = 0;
}

} // namespace rd::cryptvfs
