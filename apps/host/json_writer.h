// A minimal JSON writer for the tools' --json output.
#pragma once
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

namespace ember::tool {

class JsonWriter {
 public:
  void begin_object(const char* key = nullptr) { open(key, '{'); }
  void end_object() { close('}'); }
  void begin_array(const char* key = nullptr) { open(key, '['); }
  void end_array() { close(']'); }
  void value(const char* key, const std::string& v) { prefix(key); text_ += quote(v); }
  void value(const char* key, const char* v) { value(key, std::string(v)); }
  void value(const char* key, long long v) { prefix(key); text_ += std::to_string(v); }
  void value(const char* key, double v) {
    if (!std::isfinite(v)) { prefix(key); text_ += "null"; return; }  // JSON has no NaN or infinity
    char buffer[32];
    std::snprintf(buffer, sizeof(buffer), "%.17g", v);
    prefix(key);
    text_ += buffer;
  }
  void value(const char* key, bool v) { prefix(key); text_ += v ? "true" : "false"; }
  const std::string& text() const { return text_; }

 private:
  void open(const char* key, char bracket) {
    prefix(key);
    text_ += bracket;
    first_.push_back(true);
  }
  void close(char bracket) {
    first_.pop_back();
    text_ += bracket;
  }
  void prefix(const char* key) {
    if (!first_.empty()) {
      if (!first_.back()) text_ += ", ";
      first_.back() = false;
    }
    if (key) text_ += quote(key) + ": ";
  }
  static std::string quote(const std::string& s) {
    std::string out = "\"";
    for (char c : s) {
      if (c == '"' || c == '\\') out += '\\';
      if (static_cast<unsigned char>(c) < 0x20) { out += ' '; continue; }
      out += c;
    }
    return out + "\"";
  }

  std::string text_;
  std::vector<bool> first_;
};

}  // namespace ember::tool
