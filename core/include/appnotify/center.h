// appnotify/center.h: everything the user experiences over time, decided by one deterministic engine.
//
// The engine takes what the server says (full lists, arrivals, deletions), what the user does (open
// and close the center, dismiss, hover a toast, change settings) and the time, and answers what the
// page shows: the center's ordered list, the bell's count, the visible toasts with their remaining
// time, and the effects to carry out (server deletes, state to persist). It reads no clock: every
// call is made at a time `now` (client milliseconds, e.g. Date.now()), so tests check exact
// boundaries without waiting. The web layer only draws what it answers and reports what happened.
//
// Rules (the reference app's behaviour, docs/api.md):
//   - Order: priority High first, then newest createdon first, then id: stable for equal times.
//   - Expiry: createdon + ttlinseconds (or the default TTL), in server time. The engine keeps an
//     estimate of server time (server_time()) so clock skew never makes a notification linger or
//     vanish early. A notification leaves at the exact millisecond it expires.
//   - Toasts: a Timed notification toasts once (ever: seen ids are persisted through effects and
//     restored on load) for the user's duration; Hidden never toasts; with toasts off none do (and
//     what arrives meanwhile counts as seen). Only the page the user is looking at toasts (`here`,
//     see CenterSettings); elsewhere arrivals wait unseen, and toast when the page becomes the
//     one looked at if they are still fresh. At most `max_visible_toasts` show; beyond that, one
//     "more" toast counts the rest, which then live only in the center. Hover pauses a toast and
//     leaving resumes it with the time it had left.
//   - Badge: notifications created since the center was last opened (0 while it is open).
//   - Dismissal is optimistic: the notification leaves at once, a delete effect goes out, failed
//     deletes are retried with backoff until the server confirms or says it is gone, and nothing
//     dismissed or deleted comes back, whatever a later or out-of-order list says.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "appnotify/defaults.h"
#include "appnotify/id_tables.h"
#include "appnotify/notification.h"

namespace appnotify {

struct CenterConfig {
  std::int64_t default_ttl_seconds = kDefaultTtlSeconds;  // when a record has no ttlinseconds
  std::size_t max_visible_toasts = 3;
  std::int64_t retry_initial_ms = 1000;  // first retry of a failed delete; doubles up to the max
  std::int64_t retry_max_ms = 60000;
  std::size_t max_deletes_in_flight = 6;
  // Spread retries of many clients: a retry comes up to a quarter earlier than the doubling says,
  // by an amount fixed by the id (FNV-1a of the id, modulo a quarter of the delay).
  bool retry_jitter = true;
};

struct CenterSettings {
  bool toasts_enabled = true;  // the user's choice
  std::int64_t toast_duration_ms = kDefaultToastMs;
  // Whether this page is the one the user is looking at (the page decides: visible, and the last of
  // the user's tabs to have had focus). Only such a page toasts. Elsewhere, with toasts on, Timed
  // arrivals are not marked seen but wait: when the page becomes `here`, those that arrived at most
  // toast_duration_ms + kToastGraceMs before toast then (once: another page's mark_seen takes them
  // out), and older ones are marked seen without a toast: they stay in the center, on the bell.
  bool here = true;
};

// How long past its toast's duration an arrival that waited for the user's eyes may still toast.
inline constexpr std::int64_t kToastGraceMs = 30000;

// A toast on screen for less than this when its page is torn down was not read: it toasts again on
// the user's next page (page_hide).
inline constexpr std::int64_t kHandOverMs = 1000;

// What the engine needs of a record; the page keeps the rest (title, body, data) by id.
struct CenterEntry {
  std::string id;
  std::int64_t created_ms = 0;  // createdon, server time
  Priority priority = Priority::Normal;
  ToastType toast_type = ToastType::Timed;
  std::optional<std::int64_t> ttl_seconds;
};

struct ToastView {
  std::string id;          // the notification's id; empty for the "more" toast
  std::size_t more_count;  // for the "more" toast: how many notifications it stands for
  std::int64_t remaining_ms;
  bool paused;
};

enum class DeleteOutcome { Deleted, Gone, Failed };

struct CenterEffects {
  struct Delete {
    std::string id;
    int attempt;  // 1 for the first try
  };
  std::vector<Delete> deletes;  // send these DELETE requests, then report delete_result()
  // State to persist (present only when it changed): ids that were toasted (to add to the stored
  // set), the server time the center was last opened or closed, the ids whose delete is pending.
  std::vector<std::string> newly_seen;  // toasted, or past its chance to (see CenterSettings::here)
  std::optional<std::int64_t> last_opened_ms;
  std::optional<std::vector<std::string>> pending_deletes;
  std::vector<std::string> unseen;  // toasted too briefly to be read (page_hide): remove from the stored set
};

class Center {
 public:
  explicit Center(CenterConfig config = {});

  // --- What the server says ---
  // A complete list (a poll). Entries missing from it that were created before `server_now` were
  // deleted elsewhere and leave; newer ones (which the list could not know yet) stay.
  void server_list(std::int64_t now, std::vector<CenterEntry> entries, std::int64_t server_now);
  void server_created(std::int64_t now, CenterEntry entry);  // also an update of a known id
  void server_deleted(std::int64_t now, const std::string& id);
  void server_time(std::int64_t now, std::int64_t server_now);  // a sample for the clock-skew estimate

  // --- What the page restores and what other tabs say ---
  void restore(const std::vector<std::string>& seen, std::optional<std::int64_t> last_opened_ms,
               const std::vector<std::string>& pending_deletes, std::int64_t now);
  void mark_seen(std::int64_t now, const std::vector<std::string>& ids);  // toasted in another tab

  // --- What the user does ---
  void open_center(std::int64_t now);
  void close_center(std::int64_t now);
  void dismiss(std::int64_t now, const std::string& id);
  void dismiss_all(std::int64_t now);
  void close_toast(std::int64_t now, const std::string& id);  // "" closes the "more" toast
  void hover_toast(std::int64_t now, const std::string& id);
  void unhover_toast(std::int64_t now, const std::string& id);
  void change_settings(std::int64_t now, const CenterSettings& settings);
  // The page is torn down (reload, navigation, close): toasts shown for less than kHandOverMs go
  // back to unseen (CenterEffects::unseen), so the user's next page toasts them.
  void page_hide(std::int64_t now);

  // --- What happened to an effect ---
  void delete_result(std::int64_t now, const std::string& id, DeleteOutcome outcome);

  // --- What the page shows, at `now` (each call first lets time pass up to `now`) ---
  // The ids in center order; the views stay valid until the next call that changes the center.
  const std::vector<std::string_view>& ordered_ids(std::int64_t now);
  std::uint64_t center_version(std::int64_t now);  // changes whenever ordered_ids() changes
  std::size_t badge(std::int64_t now);
  std::vector<ToastView> toasts(std::int64_t now);
  CenterEffects take_effects(std::int64_t now);
  // When the answers above next change by time alone (client ms), or nullopt: the page sets one timer.
  std::optional<std::int64_t> next_deadline(std::int64_t now);

  std::size_t size() const { return entries_.size(); }
  const CenterSettings& settings() const { return settings_; }

 private:
  // A known notification; its id is the key it is stored under.
  struct Entry {
    std::int64_t created_ms;
    Priority priority;
    ToastType toast_type;
    std::optional<std::int64_t> ttl_seconds;
    std::int64_t expires_ms;  // server time
    bool fresh;               // counts on the bell: arrived since the center was last opened
    std::uint64_t listed;     // the last full list that named it
  };
  using Entries = IdMap<Entry>;
  using Item = Entries::Item;
  struct Toast {
    std::string id;
    std::int64_t ends_at;    // client time, while running
    std::int64_t remaining;  // while paused
    bool paused;
    std::int64_t shown_at = 0;  // client time it first showed
  };
  struct PendingDelete {
    std::string id;
    int attempts;  // sent so far
    std::int64_t next_at;
    bool in_flight;
  };

  void advance(std::int64_t now);
  std::int64_t server_now(std::int64_t now) const { return now + skew_ms_; }
  // Adds or updates; answers the stored entry when the id is new (a candidate for a toast).
  const Item* upsert(CenterEntry&& entry);
  void remove(const std::string& id);
  void offer_toasts(const std::vector<const Item*>& arrived);
  // Becoming `here`: the waiting arrivals still fresh toast, the others are seen.
  void offer_waiting();
  void drop_toast(const std::string& id);
  Toast* find_toast(const std::string& id);  // "" finds the "more" toast
  void start_toast(Toast& toast) const;
  void sort_if_needed();
  void remember_pending();
  void queue_delete(const std::string& id, std::int64_t now);
  std::int64_t retry_delay(const PendingDelete& pending) const;

  CenterConfig config_;
  CenterSettings settings_;
  std::int64_t now_ = INT64_MIN;
  std::int64_t skew_ms_ = 0;  // server time minus client time
  bool open_ = false;
  bool listed_once_ = false;  // after the first full list, every arrival is news
  std::optional<std::int64_t> last_opened_ms_;
  Entries entries_;
  std::vector<std::string_view> order_;
  std::uint64_t lists_ = 0;  // full lists seen
  bool order_dirty_ = false;
  std::uint64_t version_ = 0;
  std::int64_t next_expiry_ms_ = INT64_MAX;  // server time
  // Hashes of ids (appnotify/id_tables.h): another id with the same 64-bit hash would count as seen
  // or dismissed too; with a center's few thousand ids, accepted.
  IdHashSet seen_;        // the ids that toasted
  IdHashSet tombstones_;  // dismissed or deleted: never shown again
  struct Waiting {
    std::string id;
    std::int64_t arrived;  // client time
  };
  std::vector<Waiting> waiting_;  // Timed arrivals while not `here`, not seen yet
  std::vector<Toast> toasts_;
  std::optional<Toast> more_toast_;
  std::size_t more_count_ = 0;
  std::vector<PendingDelete> pending_;
  CenterEffects effects_;
};

}  // namespace appnotify
