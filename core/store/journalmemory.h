#pragma once

#include <cstddef>
#include <cstdint>

namespace rd::cryptvfs {

// The bytes of one statement journal kept in memory by the VFS (cryptvfs.cpp, decision 0023):
// address space for `capacity` bytes reserved at the first write, pages taken from the system
// as they are first written, and all of it given back when the journal closes. A std::vector
// doubled its buffer as it grew and glibc kept freed large buffers in the heap: a 30 MB journal
// took 62 MB at its peak and left 32 MB with the process after it closed (a break test).
class JournalMemory {
public:
    explicit JournalMemory(size_t capacity)
        : m_capacity(capacity)
    {
    }
    ~JournalMemory() { release(); }
    JournalMemory(const JournalMemory&) = delete;
    JournalMemory& operator=(const JournalMemory&) = delete;

    uint8_t* data() const { return m_base; }
    size_t size() const { return m_size; }
    // Bytes [size(), n) read as zeros. False when n exceeds the capacity or memory cannot be had.
    bool grow(size_t n);
    void truncate(size_t n)
    {
        if (n < m_size)
            m_size = n;
    }
    void release();

private:
    size_t m_capacity;
    uint8_t* m_base = nullptr;
    size_t m_size = 0;
    size_t m_written = 0; // the highest size ever had: bytes past it are pages never touched
    size_t m_usable = 0; // committed (Windows) or mapped (elsewhere: the whole capacity)
};

} // namespace rd::cryptvfs
