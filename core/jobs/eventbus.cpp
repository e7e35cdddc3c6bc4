#include "eventbus.h"

namespace rd {

void EventBus::unsubscribe(int id)
{
    QMutexLocker lock(&m_mutex);
    for (auto& [type, list] : m_handlers)
        std::erase_if(list, [id](const Handler& h) { return h.id == id; });
}

void EventBus::deliver(std::type_index type, const std::any& event)
{
    std::vector<Handler> handlers;
    {
        QMutexLocker lock(&m_mutex);
        auto it = m_handlers.find(type);
        if (it == m_handlers.end())
            return;
        handlers = it->second; // copy: handlers may (un)subscribe while running
    }
    for (const Handler& h : handlers)
        h.fn(event);
}

} // namespace rd
