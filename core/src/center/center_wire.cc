#include "appnotify/center_wire.h"

#include <algorithm>
#include <charconv>
#include <vector>

#include "appnotify/timestamp.h"

namespace appnotify {
namespace {

// Reads tab-separated fields off one line without allocating.
class Fields {
 public:
  explicit Fields(std::string_view line) : rest_(line) {}
  std::string_view next() {
    if (done_) return {};
    const std::size_t tab = rest_.find('\t');
    const std::string_view field = rest_.substr(0, tab);
    if (tab == std::string_view::npos) {
      done_ = true;
    } else {
      rest_.remove_prefix(tab + 1);
    }
    return field;
  }

 private:
  std::string_view rest_;
  bool done_ = false;
};

std::optional<std::int64_t> number(std::string_view field) {
  if (field.empty() || field.size() > 18) return std::nullopt;
  const bool negative = field.front() == '-';
  if (negative) field.remove_prefix(1);
  if (field.empty()) return std::nullopt;
  std::int64_t value = 0;
  for (char c : field) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + (c - '0');
  }
  return negative ? -value : value;
}

std::vector<std::string> ids(std::string_view field) {
  std::vector<std::string> out;
  while (!field.empty()) {
    const std::size_t space = field.find(' ');
    if (space != 0) out.emplace_back(field.substr(0, space));
    if (space == std::string_view::npos) break;
    field.remove_prefix(space + 1);
  }
  return out;
}

// The fields of "item"/"created" after the keyword: id created priority toasttype ttl, where
// created is milliseconds or the record's createdon text (parsed here: faster than in JavaScript).
std::optional<CenterEntry> entry(Fields& f) {
  const std::string_view id = f.next();
  const std::string_view created_field = f.next();
  std::optional<std::int64_t> created = number(created_field);
  if (!created) created = parse_timestamp(created_field);
  const std::optional<std::int64_t> priority = number(f.next());
  const std::optional<std::int64_t> toast = number(f.next());
  const std::optional<std::int64_t> ttl = number(f.next());
  if (id.empty() || !created) return std::nullopt;
  CenterEntry e;
  e.id = std::string(id);
  e.created_ms = *created;
  if (priority && priority_from_value(*priority)) e.priority = *priority_from_value(*priority);
  if (toast && toast_type_from_value(*toast)) e.toast_type = *toast_type_from_value(*toast);
  e.ttl_seconds = ttl;
  return e;
}

template <typename Ids>
void append_joined(std::string& out, const Ids& ids) {
  bool first = true;
  for (const auto& id : ids) {
    if (!first) out += ' ';
    out += id;
    first = false;
  }
}

// Writes the answer's lines, "<kind>\t<field>\t...\n", straight into one string.
class Answer {
 public:
  explicit Answer(std::string& out) : out_(out) {}
  Answer& line(std::string_view kind) {
    out_ += kind;
    return *this;
  }
  Answer& field(std::string_view text) {
    out_ += '\t';
    out_ += text;
    return *this;
  }
  Answer& number(std::int64_t value) {
    char digits[24];
    const std::to_chars_result written = std::to_chars(digits, digits + sizeof(digits), value);
    return field(std::string_view(digits, static_cast<std::size_t>(written.ptr - digits)));
  }
  template <typename Ids>
  Answer& ids(const Ids& ids) {
    out_ += '\t';
    append_joined(out_, ids);
    return *this;
  }
  void end() { out_ += '\n'; }

 private:
  std::string& out_;
};

std::string_view next_line(std::string_view& text) {
  const std::size_t newline = text.find('\n');
  const std::string_view line = text.substr(0, newline);
  text.remove_prefix(newline == std::string_view::npos ? text.size() : newline + 1);
  return line;
}

}  // namespace

std::string CenterWire::dispatch(std::int64_t now, std::string_view events) {
  Center& c = center_;
  std::size_t skipped = 0;
  while (!events.empty()) {
    const std::string_view line = next_line(events);
    if (line.empty()) continue;
    Fields f(line);
    const std::string_view kind = f.next();
    if (kind == "serverList") {
      const std::optional<std::int64_t> server_now = number(f.next());
      const std::optional<std::int64_t> count = number(f.next());
      if (!server_now || !count || *count < 0) {
        ++skipped;
        continue;
      }
      std::vector<CenterEntry> entries;
      entries.reserve(static_cast<std::size_t>(std::min<std::int64_t>(*count, 1 << 20)));
      for (std::int64_t k = 0; k < *count && !events.empty(); ++k) {
        Fields item(next_line(events));
        std::optional<CenterEntry> e = item.next() == "item" ? entry(item) : std::nullopt;
        if (e) {
          entries.push_back(std::move(*e));
        } else {
          ++skipped;
        }
      }
      c.server_list(now, std::move(entries), *server_now);
    } else if (kind == "serverCreated") {
      if (std::optional<CenterEntry> e = entry(f)) {
        c.server_created(now, std::move(*e));
      } else {
        ++skipped;
      }
    } else if (kind == "serverDeleted") {
      c.server_deleted(now, std::string(f.next()));
    } else if (kind == "serverTime") {
      const std::optional<std::int64_t> server_now = number(f.next());
      if (server_now) c.server_time(now, *server_now);
      skipped += server_now ? 0 : 1;
    } else if (kind == "restore") {
      const std::optional<std::int64_t> last_opened = number(f.next());
      const std::vector<std::string> seen = ids(f.next());
      c.restore(seen, last_opened, ids(f.next()), now);
    } else if (kind == "markSeen") {
      c.mark_seen(now, ids(f.next()));
    } else if (kind == "openCenter") {
      c.open_center(now);
    } else if (kind == "closeCenter") {
      c.close_center(now);
    } else if (kind == "dismiss") {
      c.dismiss(now, std::string(f.next()));
    } else if (kind == "dismissAll") {
      c.dismiss_all(now);
    } else if (kind == "closeToast") {
      c.close_toast(now, std::string(f.next()));
    } else if (kind == "hoverToast") {
      c.hover_toast(now, std::string(f.next()));
    } else if (kind == "unhoverToast") {
      c.unhover_toast(now, std::string(f.next()));
    } else if (kind == "settings") {
      const bool enabled = f.next() == "1";
      const std::optional<std::int64_t> duration = number(f.next());
      const bool here = f.next() != "0";  // absent: here
      if (duration) c.change_settings(now, {enabled, *duration, here});
      skipped += duration ? 0 : 1;
    } else if (kind == "pageHide") {
      c.page_hide(now);
    } else if (kind == "deleteResult") {
      const std::string id(f.next());
      const std::string_view outcome = f.next();
      c.delete_result(now, id,
                      outcome == "deleted" ? DeleteOutcome::Deleted
                      : outcome == "gone"  ? DeleteOutcome::Gone
                                           : DeleteOutcome::Failed);
    } else {
      ++skipped;
    }
  }

  std::string out;
  Answer answer(out);
  const std::uint64_t version = c.center_version(now);
  if (version != answered_version_) {
    const std::vector<std::string_view>& order = c.ordered_ids(now);
    out.reserve(order.size() * 38 + 256);
    answer.line("center").number(static_cast<std::int64_t>(version)).ids(order).end();
    answered_version_ = version;
  }
  answer.line("badge").number(static_cast<std::int64_t>(c.badge(now))).end();
  for (const ToastView& toast : c.toasts(now)) {
    if (toast.id.empty()) {
      answer.line("more").number(static_cast<std::int64_t>(toast.more_count));
    } else {
      answer.line("toast").field(toast.id);
    }
    answer.number(toast.remaining_ms).field(toast.paused ? "1" : "0").end();
  }
  const CenterEffects effects = c.take_effects(now);
  for (const CenterEffects::Delete& d : effects.deletes) answer.line("delete").field(d.id).number(d.attempt).end();
  if (!effects.newly_seen.empty()) answer.line("seen").ids(effects.newly_seen).end();
  if (effects.last_opened_ms) answer.line("lastOpened").number(*effects.last_opened_ms).end();
  if (effects.pending_deletes) answer.line("pending").ids(*effects.pending_deletes).end();
  if (!effects.unseen.empty()) answer.line("unseen").ids(effects.unseen).end();
  const std::optional<std::int64_t> deadline = c.next_deadline(now);
  if (deadline) {
    answer.line("deadline").number(*deadline).end();
  } else {
    answer.line("deadline").field("").end();
  }
  if (skipped > 0) answer.line("skipped").number(static_cast<std::int64_t>(skipped)).end();
  return out;
}

}  // namespace appnotify
