#pragma once

#include <QMutex>
#include <QString>

#include <any>
#include <functional>
#include <typeindex>
#include <unordered_map>
#include <vector>

namespace rd {

// In-process, typed domain events. Services queue events in their unit of work; the bus
// delivers them only after the transaction commits (never for a rolled-back change).
// Handlers run on the thread that committed.
class EventBus {
public:
    template <typename Event>
    int subscribe(std::function<void(const Event&)> handler)
    {
        QMutexLocker lock(&m_mutex);
        const int id = ++m_nextId;
        m_handlers[std::type_index(typeid(Event))].push_back(
            { id, [h = std::move(handler)](const std::any& e) { h(std::any_cast<const Event&>(e)); } });
        return id;
    }

    void unsubscribe(int id);

    template <typename Event>
    void publish(const Event& event)
    {
        deliver(std::type_index(typeid(Event)), std::any(event));
    }

private:
    void deliver(std::type_index type, const std::any& event);

    struct Handler {
        int id;
        std::function<void(const std::any&)> fn;
    };
    QMutex m_mutex;
    int m_nextId = 0;
    std::unordered_map<std::type_index, std::vector<Handler>> m_handlers;
};

// Events published by the foundation services.
struct EntityChanged {
    QString tenantId;
    QString entity; // "user", "role", "tenant", ...
    QString id;
    QString op;     // insert | update | delete
};

struct SignInAttempted {
    QString tenantId;
    QString userId;
    bool succeeded = false;
};

} // namespace rd
