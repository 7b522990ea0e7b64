#include "appnotify/timestamp.h"

namespace appnotify {
namespace {

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil).
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

void civil_from_days(std::int64_t z, std::int64_t& y, unsigned& m, unsigned& d) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  y = static_cast<std::int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp < 10 ? mp + 3 : mp - 9;
  y += m <= 2;
}

unsigned days_in_month(std::int64_t y, unsigned m) {
  static constexpr unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return m == 2 && leap ? 29 : kDays[m - 1];
}

class Cursor {
 public:
  explicit Cursor(std::string_view text) : text_(text) {}
  bool digits(std::size_t count, unsigned& out) {
    out = 0;
    for (std::size_t i = 0; i < count; ++i) {
      if (pos_ >= text_.size() || text_[pos_] < '0' || text_[pos_] > '9') return false;
      out = out * 10 + static_cast<unsigned>(text_[pos_++] - '0');
    }
    return true;
  }
  bool literal(char c) {
    if (pos_ < text_.size() && text_[pos_] == c) {
      ++pos_;
      return true;
    }
    return false;
  }
  bool peek_digit() const { return pos_ < text_.size() && text_[pos_] >= '0' && text_[pos_] <= '9'; }
  bool done() const { return pos_ == text_.size(); }

 private:
  std::string_view text_;
  std::size_t pos_ = 0;
};

// The form servers write ("2026-11-27T08:15:00.123Z"), read without the general parser's checks
// of each optional part: thousands of these arrive with every full list.
std::optional<std::int64_t> parse_canonical(std::string_view t) {
  static constexpr char kShape[] = "dddd-dd-ddTdd:dd:dd.dddZ";
  unsigned v[24];
  for (std::size_t i = 0; i < 24; ++i) {
    if (kShape[i] == 'd') {
      if (t[i] < '0' || t[i] > '9') return std::nullopt;
      v[i] = static_cast<unsigned>(t[i] - '0');
    } else if (t[i] != kShape[i]) {
      return std::nullopt;
    }
  }
  const unsigned year = v[0] * 1000 + v[1] * 100 + v[2] * 10 + v[3];
  const unsigned month = v[5] * 10 + v[6], day = v[8] * 10 + v[9];
  const unsigned hour = v[11] * 10 + v[12], minute = v[14] * 10 + v[15], second = v[17] * 10 + v[18];
  const unsigned millis = v[20] * 100 + v[21] * 10 + v[22];
  if (month < 1 || month > 12 || day < 1 || day > days_in_month(year, month) || hour > 23 || minute > 59 ||
      second > 59) {
    return std::nullopt;
  }
  return (days_from_civil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second) * 1000 + millis;
}

}  // namespace

std::optional<std::int64_t> parse_timestamp(std::string_view text) {
  if (text.size() == 24 && text[23] == 'Z') {
    if (std::optional<std::int64_t> fast = parse_canonical(text)) return fast;
  }
  Cursor at(text);
  unsigned year, month, day, hour, minute, second = 0, millis = 0;
  if (!at.digits(4, year) || !at.literal('-') || !at.digits(2, month) || !at.literal('-') || !at.digits(2, day)) {
    return std::nullopt;
  }
  if (!(at.literal('T') || at.literal('t') || at.literal(' '))) return std::nullopt;
  if (!at.digits(2, hour) || !at.literal(':') || !at.digits(2, minute)) return std::nullopt;
  if (at.literal(':')) {
    if (!at.digits(2, second)) return std::nullopt;
    if (at.literal('.')) {
      unsigned digit;
      int places = 0;
      while (at.peek_digit() && at.digits(1, digit)) {
        if (places < 3) millis = millis * 10 + digit;
        ++places;
      }
      if (places == 0) return std::nullopt;
      for (; places < 3; ++places) millis *= 10;
    }
  }
  std::int64_t offset_minutes = 0;
  if (!(at.literal('Z') || at.literal('z'))) {
    const bool plus = at.literal('+');
    if (!plus && !at.literal('-')) return std::nullopt;
    unsigned oh, om;
    if (!at.digits(2, oh)) return std::nullopt;
    at.literal(':');
    if (!at.digits(2, om) || oh > 23 || om > 59) return std::nullopt;
    offset_minutes = (plus ? 1 : -1) * static_cast<std::int64_t>(oh * 60 + om);
  }
  if (!at.done()) return std::nullopt;
  if (month < 1 || month > 12 || day < 1 || day > days_in_month(year, month) || hour > 23 || minute > 59 ||
      second > 59) {
    return std::nullopt;
  }
  const std::int64_t days = days_from_civil(year, month, day);
  const std::int64_t seconds = days * 86400 + hour * 3600 + minute * 60 + second - offset_minutes * 60;
  return seconds * 1000 + millis;
}

std::string format_timestamp(std::int64_t epoch_ms) {
  std::int64_t days = epoch_ms / 86400000;
  std::int64_t rest = epoch_ms % 86400000;
  if (rest < 0) {
    rest += 86400000;
    --days;
  }
  std::int64_t year;
  unsigned month, day;
  civil_from_days(days, year, month, day);
  if (year < 0 || year > 9999) year = year < 0 ? 0 : 9999;
  // Written digit by digit: servers format thousands of these a second.
  std::string out = "0000-00-00T00:00:00.000Z";
  const auto put = [&out](std::size_t at, std::size_t width, std::int64_t value) {
    for (std::size_t i = 0; i < width; ++i) {
      out[at + width - 1 - i] = static_cast<char>('0' + value % 10);
      value /= 10;
    }
  };
  put(0, 4, year);
  put(5, 2, month);
  put(8, 2, day);
  put(11, 2, rest / 3600000);
  put(14, 2, rest / 60000 % 60);
  put(17, 2, rest / 1000 % 60);
  put(20, 3, rest % 1000);
  return out;
}

}  // namespace appnotify
